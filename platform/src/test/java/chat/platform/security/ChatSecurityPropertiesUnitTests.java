package chat.platform.security;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChatSecurityPropertiesUnitTests {

	@ParameterizedTest
	@ValueSource(strings = { "*", "https://*.example.com", "https://chat.example.com/", "https://chat.example.com/app",
			"chat.example.com", "ftp://chat.example.com", "https://chat.example.com?x=1", "null" })
	void anythingButAnExactOriginFailsAtStartUp(String origin) {
		assertThatIllegalArgumentException().isThrownBy(() -> new ChatSecurityProperties(List.of(), List.of(origin)))
			.withMessageContaining("chat.security.allowed-origins");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://chat.example.com", "http://127.0.0.1:5173", "http://localhost:5173" })
	void exactOriginsAreKept(String origin) {
		assertThat(new ChatSecurityProperties(List.of(), List.of(origin)).allowedOrigins()).containsExactly(origin);
	}

}
