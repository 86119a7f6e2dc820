package chat.connection.membership;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import chat.connection.platform.EdgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the message service about one conversation, on behalf of a user and with that
 * user's token.
 */
@Component
class MessageServiceClient {

	private static final Logger log = LoggerFactory.getLogger(MessageServiceClient.class);

	sealed interface Answer permits Found, Refused {

	}

	record Found(long version, List<String> memberIds, List<String> participantIds) implements Answer {
	}

	enum Refused implements Answer {

		FORBIDDEN, NOT_FOUND, UNAVAILABLE

	}

	/** The part of the message service's conversation response the edge reads. */
	record ConversationResponse(UUID id, long version, List<String> memberIds, List<String> participantIds) {
	}

	private final RestClient rest;

	MessageServiceClient(RestClient.Builder builder, EdgeProperties properties) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofSeconds(2));
		requests.setReadTimeout(Duration.ofSeconds(3));
		this.rest = builder.baseUrl(properties.messageServiceUrl().toString()).requestFactory(requests).build();
	}

	Answer conversation(UUID conversationId, String bearerToken) {
		try {
			ConversationResponse response = this.rest.get()
				.uri("/api/conversations/{id}", conversationId)
				.headers(headers -> headers.setBearerAuth(bearerToken))
				.retrieve()
				.body(ConversationResponse.class);
			return new Found(response.version(), response.memberIds(),
					(response.participantIds() != null) ? response.participantIds() : List.of());
		}
		catch (HttpClientErrorException ex) {
			if (ex.getStatusCode() == HttpStatus.FORBIDDEN) {
				return Refused.FORBIDDEN;
			}
			if (ex.getStatusCode() == HttpStatus.NOT_FOUND) {
				return Refused.NOT_FOUND;
			}
			log.warn("Message service refused a membership check of conversation {}: {}", conversationId,
					ex.getStatusCode());
			return Refused.UNAVAILABLE;
		}
		catch (RestClientException ex) {
			log.warn("Message service unreachable for a membership check of conversation {}: {}", conversationId,
					ex.toString());
			return Refused.UNAVAILABLE;
		}
	}

}
