package chat.connection.platform;

import java.util.List;

import chat.contracts.ChatJson;

import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/** STOMP bodies are written with the wire JSON settings of {@code contracts}. */
@Configuration(proxyBeanMethods = false)
class MessagingJsonConfig implements WebSocketMessageBrokerConfigurer {

	@Override
	public boolean configureMessageConverters(List<MessageConverter> converters) {
		converters.add(new StringMessageConverter());
		converters.add(new ByteArrayMessageConverter());
		converters.add(new JacksonJsonMessageConverter(ChatJson.mapper()));
		return false;
	}

}
