package chat.benchmark.peer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The same STOMP set-up as the edge's {@code StompConfig}: native WebSocket at
 * {@code /ws}, simple broker on {@code /topic} and {@code /queue}, {@code /app} for
 * application destinations, {@code /user} for user destinations, per-session receive and
 * publish order preserved, heart-beats 10 s / 10 s.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class PeerStompConfig implements WebSocketMessageBrokerConfigurer {

	private final ObjectProvider<MessageChannel> clientOutbound;

	PeerStompConfig(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutbound) {
		this.clientOutbound = clientOutbound;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws").setAllowedOriginPatterns("*");
		registry.setPreserveReceiveOrder(true);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();
		heartbeats.setPoolSize(1);
		heartbeats.setThreadNamePrefix("stomp-heartbeat-");
		heartbeats.initialize();
		registry.enableSimpleBroker("/topic", "/queue")
			.setHeartbeatValue(new long[] { 10_000, 10_000 })
			.setTaskScheduler(heartbeats);
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix("/user");
		registry.setPreservePublishOrder(true);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(new PeerInboundInterceptor(this.clientOutbound));
	}

}
