package chat.presence.online;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import chat.presence.membership.Memberships;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/presence?userIds=a,b}: the published presence of the caller and of
 * users who took part (created it or sent a message) in a conversation of which the
 * caller is a member (ADR 10), in request order (duplicates once). Asking for anyone else
 * — a stranger, or a member who was only added and has not taken part — refuses the whole
 * request ({@code 403 NOT_MEMBER}).
 */
@RestController
class PresenceController {

	static final int MAX_USERS = 100;

	private final Memberships memberships;

	private final LastSeen lastSeen;

	PresenceController(Memberships memberships, LastSeen lastSeen) {
		this.memberships = memberships;
		this.lastSeen = lastSeen;
	}

	@GetMapping("/api/presence")
	List<UserPresence> presence(@AuthenticationPrincipal Jwt caller, @RequestParam List<String> userIds) {
		Set<String> requested = new LinkedHashSet<>(userIds);
		if (requested.isEmpty() || requested.size() > MAX_USERS) {
			throw new InvalidRequest("userIds names 1 to " + MAX_USERS + " users");
		}
		for (String userId : requested) {
			if (userId == null || userId.isBlank() || userId.length() > 255) {
				throw new InvalidRequest("user ids are 1 to 255 characters");
			}
			if (!userId.equals(caller.getSubject()) && !this.memberships.presenceVisible(caller.getSubject(), userId)) {
				throw new NoSharedConversation(userId);
			}
		}
		Map<String, UserPresence> stored = this.lastSeen.find(requested);
		return requested.stream().map(id -> stored.getOrDefault(id, UserPresence.unknown(id))).toList();
	}

}
