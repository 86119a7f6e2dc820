package chat.contracts.client;

/** Body of a SEND to {@code /app/conversations/{cid}/delivered} or {@code .../read}. */
public record ReceiptFrame(Long upToSeq) {

}
