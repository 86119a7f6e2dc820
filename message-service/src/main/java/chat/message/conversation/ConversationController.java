package chat.message.conversation;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Conversations and members of the caller (the token's {@code sub}). */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {

	private final ConversationService conversations;

	ConversationController(ConversationService conversations) {
		this.conversations = conversations;
	}

	record CreateConversation(String title, List<String> memberIds) {
	}

	record AddMember(String userId) {
	}

	@PostMapping
	ResponseEntity<Conversation> create(@AuthenticationPrincipal Jwt caller, @RequestBody CreateConversation request) {
		Conversation created = this.conversations.create(caller.getSubject(), request.title(), request.memberIds());
		return ResponseEntity.created(URI.create("/api/conversations/" + created.id())).body(created);
	}

	@GetMapping
	List<Conversation> mine(@AuthenticationPrincipal Jwt caller) {
		return this.conversations.of(caller.getSubject());
	}

	@GetMapping("/{id}")
	Conversation get(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id) {
		return this.conversations.get(id, caller.getSubject());
	}

	@PostMapping("/{id}/members")
	Conversation addMember(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id, @RequestBody AddMember request) {
		return this.conversations.addMember(id, caller.getSubject(), request.userId());
	}

	@DeleteMapping("/{id}/members/{userId}")
	ResponseEntity<Void> removeMember(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id,
			@PathVariable String userId) {
		this.conversations.removeMember(id, caller.getSubject(), userId);
		return ResponseEntity.noContent().build();
	}

}
