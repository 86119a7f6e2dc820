package chat.platform.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsAutoConfigurationUnitTests {

	private static final AutoConfigurations PROBLEM_DETAILS = AutoConfigurations
		.of(ProblemDetailsAutoConfiguration.class);

	@Test
	void servletWebApplicationGetsTheAdvice() {
		new WebApplicationContextRunner().withConfiguration(PROBLEM_DETAILS)
			.run(context -> assertThat(context).hasSingleBean(ProblemDetailsAdvice.class));
	}

	@Test
	void applicationWithoutServletWebGetsNone() {
		new ApplicationContextRunner().withConfiguration(PROBLEM_DETAILS)
			.run(context -> assertThat(context).doesNotHaveBean(ResponseEntityExceptionHandler.class));
	}

	@Test
	void aHandlerOfTheServiceReplacesIt() {
		new WebApplicationContextRunner().withConfiguration(PROBLEM_DETAILS)
			.withBean(OwnHandler.class)
			.run(context -> assertThat(context).getBean(ResponseEntityExceptionHandler.class)
				.isInstanceOf(OwnHandler.class));
	}

	static class OwnHandler extends ResponseEntityExceptionHandler {

	}

}
