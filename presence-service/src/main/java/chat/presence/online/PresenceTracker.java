package chat.presence.online;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is online, worked out from session events and node heartbeats. Pure and
 * clock-driven: every method takes the {@code now} to use, nothing here reads a clock or
 * does I/O, so tests drive time by hand.
 *
 * <p>
 * The rules:
 * <ul>
 * <li>A user is online while at least one of their sessions is live on a live node. A
 * node is live until a lease has passed since the last sign of it (a heartbeat or a
 * session it opened); then its sessions are dropped and their users go offline at once,
 * last seen when the node was.</li>
 * <li>When a user's last session closes (a {@code SessionClosed}, or a heartbeat of its
 * node that no longer lists it), they stay online for a grace period counted from the
 * close, so a quick reconnect shows no flicker.</li>
 * <li>Heartbeats reconcile: an unknown session they list is added; a known session of
 * that node they do not list is dropped if it opened before the heartbeat. Closed session
 * ids are remembered for one lease, so a late heartbeat (any heartbeat older than one
 * lease is ignored anyway) cannot bring them back.</li>
 * <li>Event times are clamped to {@code now}: an edge clock running ahead cannot keep
 * anything alive longer. Edge and presence clocks are assumed synchronised (NTP) to well
 * under the grace.</li>
 * <li>Only transitions are reported, relative to what was last confirmed as published
 * ({@link #published(List)}). After a restart nothing is reported until the warm-up has
 * passed; then the computed state is compared with the stored one and only the
 * differences are reported.</li>
 * </ul>
 *
 * <p>
 * Not thread-safe: {@link Presence} confines it behind its lock.
 */
final class PresenceTracker {

	/** A change of what the world is told about a user. */
	record Transition(String userId, boolean online, Instant lastSeenAt) {
	}

	/**
	 * A user's last session ended at {@code at} (typing is dropped at once, not after the
	 * grace).
	 */
	record Disconnect(String userId, Instant at) {
	}

	private record Session(String userId, String nodeId, Instant openedAt) {
	}

	/**
	 * A user without sessions, last connected at {@code lastSeenAt} and shown online
	 * until {@code offlineAt}.
	 */
	private record Ended(Instant lastSeenAt, Instant offlineAt) {
	}

	private static final class Node {

		private final String id;

		private final Set<String> sessionIds = new HashSet<>();

		/** Its newest heartbeat, {@code null} before the first. */
		private Instant lastHeartbeatAt;

		/**
		 * Its newest sign of life (heartbeat or session opened): the lease counts from
		 * here.
		 */
		private Instant lastHeardAt;

		private Node(String id) {
			this.id = id;
		}

		private void heard(Instant at) {
			if (this.lastHeardAt == null || at.isAfter(this.lastHeardAt)) {
				this.lastHeardAt = at;
			}
		}

	}

	private final Duration grace;

	private final Duration lease;

	private final Duration warmUp;

	private final Map<String, Session> sessions = new HashMap<>();

	private final Map<String, Set<String>> sessionsByUser = new HashMap<>();

	private final Map<String, Node> nodes = new HashMap<>();

	/** Session id → when it closed; kept for one lease. */
	private final Map<String, Instant> recentlyClosed = new HashMap<>();

	private final Map<String, Ended> ended = new HashMap<>();

	/**
	 * Users the world was last told are online (the stored state after a restart), with
	 * their lastSeenAt.
	 */
	private final Map<String, Instant> shownOnline = new HashMap<>();

	/** Users whose sessions changed since the last confirmed step. */
	private final Set<String> touched = new HashSet<>();

	private final List<Disconnect> disconnects = new ArrayList<>();

	private Instant warmUpEndsAt;

	/**
	 * The first step after the warm-up compares every user, not only the touched ones.
	 */
	private boolean checkEveryone;

	/**
	 * Whether the last {@link #transitions(Instant)} call decided anything that
	 * {@link #published} confirms.
	 */
	private boolean decided;

	PresenceTracker(Duration grace, Duration lease, Duration warmUp) {
		this.grace = grace;
		this.lease = lease;
		this.warmUp = warmUp;
	}

	/**
	 * Starts the warm-up (once): events are applied from now on, but nothing is reported
	 * before {@code startedAt + warm-up}.
	 * @param storedOnline users stored as online, with their stored lastSeenAt
	 */
	void startWarmUp(Instant startedAt, Map<String, Instant> storedOnline) {
		if (this.warmUpEndsAt == null) {
			this.warmUpEndsAt = startedAt.plus(this.warmUp);
			this.shownOnline.putAll(storedOnline);
			this.checkEveryone = true;
		}
	}

	boolean warmedUp(Instant now) {
		return this.warmUpEndsAt != null && !now.isBefore(this.warmUpEndsAt);
	}

	void sessionOpened(String userId, String sessionId, String nodeId, Instant occurredAt, Instant now) {
		if (this.recentlyClosed.containsKey(sessionId)) {
			return;
		}
		Instant at = earliest(occurredAt, now);
		Node node = this.nodes.computeIfAbsent(nodeId, Node::new);
		node.heard(at);
		add(userId, sessionId, node, at);
	}

	void sessionClosed(String userId, String sessionId, String nodeId, Instant occurredAt, Instant now) {
		Instant at = earliest(occurredAt, now);
		this.recentlyClosed.merge(sessionId, at, PresenceTracker::latest);
		Node node = this.nodes.get(nodeId);
		if (node != null) {
			node.heard(at);
		}
		if (this.sessions.containsKey(sessionId)) {
			remove(sessionId, at, at.plus(this.grace));
		}
		else if (!this.sessionsByUser.containsKey(userId)) {
			// A session we never knew (e.g. closed during a warm-up): still the best
			// last-seen evidence.
			ended(userId, at, at.plus(this.grace));
		}
	}

	/** A node's full list of live sessions as of {@code occurredAt}. */
	void heartbeat(String nodeId, Map<String, String> userBySession, Instant occurredAt, Instant now) {
		Instant at = earliest(occurredAt, now);
		if (!at.plus(this.lease).isAfter(now)) {
			return; // older than one lease: it could only revive what has expired
		}
		Node node = this.nodes.computeIfAbsent(nodeId, Node::new);
		if (node.lastHeartbeatAt != null && at.isBefore(node.lastHeartbeatAt)) {
			return; // a newer one was applied already
		}
		node.lastHeartbeatAt = at;
		node.heard(at);
		userBySession.forEach((sessionId, userId) -> {
			if (!this.recentlyClosed.containsKey(sessionId)) {
				add(userId, sessionId, node, at);
			}
		});
		for (String sessionId : List.copyOf(node.sessionIds)) {
			if (!userBySession.containsKey(sessionId) && this.sessions.get(sessionId).openedAt().isBefore(at)) {
				this.recentlyClosed.merge(sessionId, at, PresenceTracker::latest);
				remove(sessionId, at, at.plus(this.grace));
			}
		}
	}

	/**
	 * Expires nodes whose lease has passed, then decides what to report: empty during the
	 * warm-up. Call {@link #published(List)} with the result once it has been stored and
	 * published; until then the same transitions are decided again.
	 */
	List<Transition> transitions(Instant now) {
		expireNodes(now);
		this.recentlyClosed.values().removeIf(closedAt -> !closedAt.plus(this.lease).isAfter(now));
		if (!warmedUp(now)) {
			return List.of();
		}
		Set<String> candidates = new TreeSet<>(this.touched);
		candidates.addAll(this.ended.keySet());
		if (this.checkEveryone) {
			candidates.addAll(this.sessionsByUser.keySet());
			candidates.addAll(this.shownOnline.keySet());
		}
		List<Transition> transitions = new ArrayList<>();
		for (String userId : candidates) {
			boolean shown = this.shownOnline.containsKey(userId);
			Ended gone = this.ended.get(userId);
			boolean online = this.sessionsByUser.containsKey(userId) || (gone != null && gone.offlineAt().isAfter(now));
			if (online && !shown) {
				transitions.add(new Transition(userId, true, now));
			}
			else if (!online && shown) {
				Instant stored = this.shownOnline.get(userId);
				transitions
					.add(new Transition(userId, false, (gone != null) ? latest(gone.lastSeenAt(), stored) : stored));
			}
			else if (!online) {
				this.ended.remove(userId); // came and went unseen: nothing to tell
			}
		}
		this.decided = true;
		return transitions;
	}

	/**
	 * Confirms that these transitions (the last result of {@link #transitions}) are
	 * stored and published.
	 */
	void published(List<Transition> transitions) {
		if (!this.decided) {
			return;
		}
		for (Transition transition : transitions) {
			if (transition.online()) {
				this.shownOnline.put(transition.userId(), transition.lastSeenAt());
			}
			else {
				this.shownOnline.remove(transition.userId());
				this.ended.remove(transition.userId());
			}
		}
		this.touched.clear();
		this.checkEveryone = false;
		this.decided = false;
	}

	/** Users whose last session ended since the previous call. */
	List<Disconnect> takeDisconnects() {
		List<Disconnect> taken = List.copyOf(this.disconnects);
		this.disconnects.clear();
		return taken;
	}

	int sessionCount() {
		return this.sessions.size();
	}

	int shownOnlineCount() {
		return this.shownOnline.size();
	}

	/** Node id → its newest heartbeat (or sign of life, before the first heartbeat). */
	Map<String, Instant> heartbeats() {
		Map<String, Instant> heartbeats = new HashMap<>();
		this.nodes.forEach((id, node) -> heartbeats.put(id,
				(node.lastHeartbeatAt != null) ? node.lastHeartbeatAt : node.lastHeardAt));
		return heartbeats;
	}

	private void add(String userId, String sessionId, Node node, Instant openedAt) {
		Session known = this.sessions.get(sessionId);
		if (known != null) {
			if (openedAt.isBefore(known.openedAt())) {
				this.sessions.put(sessionId, new Session(known.userId(), known.nodeId(), openedAt));
			}
			return;
		}
		this.sessions.put(sessionId, new Session(userId, node.id, openedAt));
		this.sessionsByUser.computeIfAbsent(userId, id -> new HashSet<>()).add(sessionId);
		node.sessionIds.add(sessionId);
		this.ended.remove(userId);
		this.touched.add(userId);
	}

	private void remove(String sessionId, Instant lastSeenAt, Instant offlineAt) {
		Session session = this.sessions.remove(sessionId);
		Node node = this.nodes.get(session.nodeId());
		if (node != null) {
			node.sessionIds.remove(sessionId);
		}
		Set<String> ofUser = this.sessionsByUser.get(session.userId());
		ofUser.remove(sessionId);
		this.touched.add(session.userId());
		if (ofUser.isEmpty()) {
			this.sessionsByUser.remove(session.userId());
			ended(session.userId(), lastSeenAt, offlineAt);
		}
	}

	private void ended(String userId, Instant lastSeenAt, Instant offlineAt) {
		this.ended.merge(userId, new Ended(lastSeenAt, offlineAt),
				(current, next) -> next.lastSeenAt().isAfter(current.lastSeenAt()) ? next : current);
		this.disconnects.add(new Disconnect(userId, lastSeenAt));
		this.touched.add(userId);
	}

	private void expireNodes(Instant now) {
		for (Iterator<Node> it = this.nodes.values().iterator(); it.hasNext();) {
			Node node = it.next();
			if (node.lastHeardAt.plus(this.lease).isAfter(now)) {
				continue;
			}
			it.remove();
			for (String sessionId : List.copyOf(node.sessionIds)) {
				this.recentlyClosed.merge(sessionId, node.lastHeardAt, PresenceTracker::latest);
				// no grace: the lease already waited longer than any reconnect would
				remove(sessionId, node.lastHeardAt, node.lastHeardAt);
			}
		}
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
