package chat.message.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import chat.contracts.message.MessageCreated;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pages of stored messages, ascending by seq; fetches one extra row to tell whether more
 * exist.
 */
@Service
class History {

	private final Messages messages;

	History(Messages messages) {
		this.messages = messages;
	}

	@Transactional(readOnly = true)
	HistoryController.Page after(UUID conversationId, long afterSeq, int limit) {
		List<MessageCreated> rows = this.messages.after(conversationId, afterSeq, limit + 1);
		return page(rows, limit);
	}

	@Transactional(readOnly = true)
	HistoryController.Page before(UUID conversationId, long beforeSeq, int limit) {
		List<MessageCreated> rows = new ArrayList<>(this.messages.before(conversationId, beforeSeq, limit + 1));
		boolean hasMore = rows.size() > limit;
		List<MessageCreated> page = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
		Collections.reverse(page);
		return new HistoryController.Page(page.stream().map(MessageView::of).toList(), hasMore);
	}

	private static HistoryController.Page page(List<MessageCreated> rows, int limit) {
		return new HistoryController.Page(rows.stream().limit(limit).map(MessageView::of).toList(),
				rows.size() > limit);
	}

}
