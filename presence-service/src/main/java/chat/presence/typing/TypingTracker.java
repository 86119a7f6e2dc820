package chat.presence.typing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who is typing where, and which conversations need a new snapshot. Pure and
 * clock-driven: every method takes the {@code now} to use.
 *
 * <ul>
 * <li>{@code typing: true} marks the user typing in that conversation until
 * {@code occurredAt + expiry} ({@code occurredAt} clamped to {@code now}); a refresh
 * extends it, {@code typing: false} ends it.</li>
 * <li>Shedding: a {@code typing: true} whose expiry has already passed when it is applied
 * is ignored, and so is one that happened before the user's last session closed.</li>
 * <li>When a user's last session closes they are removed from every conversation at
 * once.</li>
 * <li>{@link #due(Instant)} returns, per conversation whose set differs from the one last
 * confirmed as published, one full sorted snapshot: called once per window, that is the
 * coalescing.</li>
 * </ul>
 *
 * <p>
 * Not thread-safe: {@link Typing} confines it behind its lock.
 */
final class TypingTracker {

	/** Everyone typing in a conversation (sorted; empty when nobody is). */
	record Snapshot(UUID conversationId, List<String> userIds) {
	}

	private final Duration expiry;

	/** Conversation → user → typing until. */
	private final Map<UUID, Map<String, Instant>> typers = new HashMap<>();

	private final Map<String, Set<UUID>> conversationsOf = new HashMap<>();

	/**
	 * User → when their last session closed; kept for one expiry (older commands are shed
	 * anyway).
	 */
	private final Map<String, Instant> disconnectedAt = new HashMap<>();

	/** Conversation → the non-empty set last confirmed as published. */
	private final Map<UUID, List<String>> lastPublished = new HashMap<>();

	TypingTracker(Duration expiry) {
		this.expiry = expiry;
	}

	/**
	 * @return false when the command was shed (too old, or from before the user's last
	 * disconnect)
	 */
	boolean apply(UUID conversationId, String userId, boolean typing, Instant occurredAt, Instant now) {
		if (!typing) {
			remove(conversationId, userId);
			return true;
		}
		Instant at = occurredAt.isBefore(now) ? occurredAt : now;
		Instant until = at.plus(this.expiry);
		Instant gone = this.disconnectedAt.get(userId);
		if (!until.isAfter(now) || (gone != null && !at.isAfter(gone))) {
			return false;
		}
		this.typers.computeIfAbsent(conversationId, id -> new HashMap<>())
			.merge(userId, until, (current, next) -> next.isAfter(current) ? next : current);
		this.conversationsOf.computeIfAbsent(userId, id -> new HashSet<>()).add(conversationId);
		return true;
	}

	/**
	 * The user's last session closed at {@code at}: they type nowhere, and older commands
	 * are shed.
	 */
	void disconnected(String userId, Instant at) {
		this.disconnectedAt.merge(userId, at, (current, next) -> next.isAfter(current) ? next : current);
		Set<UUID> conversations = this.conversationsOf.remove(userId);
		if (conversations != null) {
			for (UUID conversationId : conversations) {
				Map<String, Instant> of = this.typers.get(conversationId);
				of.remove(userId);
				if (of.isEmpty()) {
					this.typers.remove(conversationId);
				}
			}
		}
	}

	/** Everyone typing in the conversation at {@code now}, sorted. */
	List<String> typers(UUID conversationId, Instant now) {
		return this.typers.getOrDefault(conversationId, Map.of())
			.entrySet()
			.stream()
			.filter(typer -> typer.getValue().isAfter(now))
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
	}

	/**
	 * Drops expired typers, then returns one snapshot per conversation whose set differs
	 * from the last one confirmed by {@link #published(List)}.
	 */
	List<Snapshot> due(Instant now) {
		expire(now);
		this.disconnectedAt.values().removeIf(at -> !at.plus(this.expiry).isAfter(now));
		Set<UUID> conversations = new HashSet<>(this.typers.keySet());
		conversations.addAll(this.lastPublished.keySet());
		List<Snapshot> due = new ArrayList<>();
		for (UUID conversationId : conversations) {
			List<String> current = typers(conversationId, now);
			if (!current.equals(this.lastPublished.getOrDefault(conversationId, List.of()))) {
				due.add(new Snapshot(conversationId, current));
			}
		}
		return due;
	}

	/** Confirms these snapshots as published. */
	void published(List<Snapshot> snapshots) {
		for (Snapshot snapshot : snapshots) {
			if (snapshot.userIds().isEmpty()) {
				this.lastPublished.remove(snapshot.conversationId());
			}
			else {
				this.lastPublished.put(snapshot.conversationId(), snapshot.userIds());
			}
		}
	}

	/**
	 * What an earlier instance last published (after a restart): a snapshot that still
	 * shows typers is replaced at the next {@link #due} by the current set, so nobody
	 * stays shown typing.
	 */
	void recovered(Map<UUID, List<String>> lastSnapshots) {
		lastSnapshots.forEach((conversationId, userIds) -> {
			if (!userIds.isEmpty()) {
				this.lastPublished.putIfAbsent(conversationId, List.copyOf(userIds));
			}
		});
	}

	private void expire(Instant now) {
		for (Iterator<Map.Entry<UUID, Map<String, Instant>>> conversations = this.typers.entrySet()
			.iterator(); conversations.hasNext();) {
			Map.Entry<UUID, Map<String, Instant>> conversation = conversations.next();
			for (Iterator<Map.Entry<String, Instant>> typers = conversation.getValue().entrySet().iterator(); typers
				.hasNext();) {
				Map.Entry<String, Instant> typer = typers.next();
				if (!typer.getValue().isAfter(now)) {
					typers.remove();
					unindex(typer.getKey(), conversation.getKey());
				}
			}
			if (conversation.getValue().isEmpty()) {
				conversations.remove();
			}
		}
	}

	private void remove(UUID conversationId, String userId) {
		Map<String, Instant> of = this.typers.get(conversationId);
		if (of != null && of.remove(userId) != null) {
			unindex(userId, conversationId);
			if (of.isEmpty()) {
				this.typers.remove(conversationId);
			}
		}
	}

	private void unindex(String userId, UUID conversationId) {
		Set<UUID> of = this.conversationsOf.get(userId);
		if (of != null) {
			of.remove(conversationId);
			if (of.isEmpty()) {
				this.conversationsOf.remove(userId);
			}
		}
	}

}
