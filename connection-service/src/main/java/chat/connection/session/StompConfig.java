package chat.connection.session;

import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import chat.connection.platform.EdgeProperties;
import chat.platform.security.ChatSecurityProperties;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * STOMP 1.2 over native WebSocket at {@code /ws}. Frames of one session are handled in
 * the order they arrive and sent in the order they are published (both needed for
 * per-session order). Heart-beats 10 s / 10 s.
 *
 * <p>
 * The handshake admits only the exact origins of {@code chat.security.allowed-origins}
 * (403 otherwise; clients that send no {@code Origin} are not browsers and pass), refuses
 * with 503 when the node is full, and negotiates no extension (no permessage-deflate:
 * compression of attacker-influenced text next to secrets invites CRIME-style attacks and
 * costs CPU per frame). Frames and WebSocket messages are limited to
 * {@code chat.edge.limits.max-frame-size}; slow clients to the send time and buffer
 * limits.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class StompConfig implements WebSocketMessageBrokerConfigurer {

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	private final EdgeProperties.Limits limits;

	private final ChatSecurityProperties security;

	private final StompInboundGuard guard;

	private final Connections connections;

	StompConfig(EdgeProperties properties, ChatSecurityProperties security, StompInboundGuard guard,
			Connections connections) {
		this.limits = properties.limits();
		this.security = security;
		this.guard = guard;
		this.connections = connections;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws")
			.setAllowedOrigins(this.security.allowedOrigins().toArray(String[]::new))
			.addInterceptors(this.connections);
		registry.setPreserveReceiveOrder(true);
	}

	/**
	 * Chars (text) and bytes (binary) of a WebSocket message the container buffers at
	 * once.
	 */
	static final int CONTAINER_BUFFER = 1024;

	/**
	 * Bytes of each Tomcat socket buffer (one for reading, one for writing, per
	 * connection; Tomcat's default is 8 KiB each).
	 */
	static final int SOCKET_BUFFER = 2048;

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		// The edge closes a WebSocket message above max-frame-size (chars of text) itself
		// (Connections); its UTF-8 can be three times as long, which the STOMP decoder
		// must take.
		registration.setMessageSizeLimit(Math.toIntExact(3 * this.limits.maxFrameSize().toBytes()))
			.setSendTimeLimit(Math.toIntExact(this.limits.sendTimeLimit().toMillis()))
			.setSendBufferSizeLimit(Math.toIntExact(this.limits.sendBufferSizeLimit().toBytes()))
			.addDecoratorFactory(this.connections);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();
		heartbeats.setPoolSize(1);
		heartbeats.setThreadNamePrefix("stomp-heartbeat-");
		heartbeats.initialize();
		registry.enableSimpleBroker("/topic", "/queue")
			.setHeartbeatValue(new long[] { 10_000, 10_000 })
			.setTaskScheduler(heartbeats)
			.setSelectorHeaderName(null);
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix("/user");
		registry.setPreservePublishOrder(true);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.guard);
	}

	/**
	 * The container's WebSocket message buffers, allocated for every session whether it
	 * ever sends a large frame or not: small, because a message larger than them is
	 * handed on in parts (the handler supports partial messages, {@link Connections}) and
	 * the session's STOMP decoder puts the frame together up to {@code max-frame-size}.
	 * With buffers of the frame size (64 KiB of text is 128 KiB of chars) an idle session
	 * held about 250 KiB of heap.
	 */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(CONTAINER_BUFFER);
		container.setMaxBinaryMessageBufferSize(CONTAINER_BUFFER);
		return container;
	}

	/**
	 * Connections Tomcat serves beyond {@code max-sessions}: handshakes over the limit
	 * must still be read to be answered 503, and HTTP requests (health, metrics) need
	 * room.
	 */
	static final int CONNECTIONS_ABOVE_SESSIONS = 1000;

	/**
	 * Tomcat's connector. It serves {@code max-sessions} +
	 * {@value #CONNECTIONS_ABOVE_SESSIONS} connections (its own default, 8,192, left
	 * handshakes beyond it waiting unanswered in the accept queue). Its socket buffers,
	 * held for the whole life of every connection, are small like the container's message
	 * buffers: a larger read or write takes more than one pass through them.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE) // after Boot's, which sets
										// server.tomcat.max-connections
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> edgeConnector() {
		return factory -> factory.addConnectorCustomizers(connector -> {
			connector.setProperty("maxConnections",
					String.valueOf(this.limits.maxSessions() + CONNECTIONS_ABOVE_SESSIONS));
			connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_BUFFER));
			connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_BUFFER));
		});
	}

	/** The broker's subscription registry ({@link SessionTargets}). */
	@Bean
	static BeanPostProcessor sessionTargets() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof SimpleBrokerMessageHandler broker) {
					SessionTargets.installIn(broker);
				}
				return bean;
			}

		};
	}

	/**
	 * The frame decoder ({@link MalformedFrames}), set once the STOMP handler is
	 * registered with the (decorated) WebSocket handler.
	 */
	@Bean
	SmartInitializingSingleton malformedFrames(@Qualifier("subProtocolWebSocketHandler") WebSocketHandler handler) {
		return () -> {
			if (WebSocketHandlerDecorator.unwrap(handler) instanceof SubProtocolWebSocketHandler protocols) {
				protocols.getProtocolHandlers()
					.stream()
					.filter(StompSubProtocolHandler.class::isInstance)
					.forEach(stomp -> ((StompSubProtocolHandler) stomp).setDecoder(new MalformedFrames()));
			}
		};
	}

	/**
	 * Hides a client's {@code Sec-WebSocket-Extensions} offer from the container: Tomcat
	 * negotiates its installed extensions (permessage-deflate) by itself whenever the
	 * application selects none, so the offer must not reach it.
	 */
	@Bean
	FilterRegistrationBean<Filter> noWebSocketExtensions() {
		Filter filter = (request, response, chain) -> chain
			.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {

				@Override
				public String getHeader(String name) {
					return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
				}

				@Override
				public Enumeration<String> getHeaders(String name) {
					return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
				}

				@Override
				public Enumeration<String> getHeaderNames() {
					return Collections.enumeration(Collections.list(super.getHeaderNames())
						.stream()
						.filter(header -> !EXTENSIONS.equalsIgnoreCase(header))
						.toList());
				}

			}, response);
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/ws", "/ws/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
