package chat.connection.platform;

/**
 * This edge instance, as the presence service knows it: every session it reports carries
 * this node's id, and its heartbeats keep the node's sessions alive.
 *
 * @param id {@code chat.edge.node-id}
 */
public record EdgeNode(String id) {

}
