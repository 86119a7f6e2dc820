package chat.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration for everything on the wire: ISO-8601 instants, absent rather
 * than {@code null} optional fields, and unknown fields ignored so that optional fields
 * can be added to a v1 schema without breaking older readers.
 */
public final class ChatJson {

	private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

	private ChatJson() {
	}

	/** The shared, immutable mapper (thread-safe). */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * Applies the wire settings to a builder, for frameworks that build their own mapper.
	 */
	public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
		return builder.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL));
	}

}
