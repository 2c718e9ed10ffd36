package cloud.ims.gateway.console;

import cloud.ims.core.common.ImsException;
import cloud.ims.gateway.web.ApiErrors;
import cloud.ims.gateway.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * What every console page gets: the CSRF token for its forms and who is signed in; and how a failure is shown
 * (a page, or for htmx requests an alert swapped into the page), always with its error code.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

	private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

	@ModelAttribute("_csrf")
	Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		return (token != null) ? token : Mono.empty();
	}

	@ModelAttribute("user")
	Mono<ConsoleUser> user(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((principal) -> ConsoleUser.of(((JwtAuthenticationToken) principal).getToken()))
			.defaultIfEmpty(ConsoleUser.ANONYMOUS);
	}

	@ExceptionHandler
	Rendering refused(ImsException error, ServerWebExchange exchange) {
		return show(ApiErrors.statusOf(error.kind()), new ConsoleError(error.code(), error.getMessage()), exchange);
	}

	@ExceptionHandler
	Rendering malformed(ServerWebInputException error, ServerWebExchange exchange) {
		String reason = (error.getReason() != null) ? error.getReason() : "The form was incomplete.";
		return show(HttpStatus.BAD_REQUEST, new ConsoleError("IMS.0400",
				reason + " Check the fields of the form and send it again."), exchange);
	}

	@ExceptionHandler
	Rendering unexpected(Exception error, ServerWebExchange exchange) {
		log.error("Unexpected failure serving console {} {} (request {})", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), RequestIds.of(exchange), error);
		return show(HttpStatus.INTERNAL_SERVER_ERROR, new ConsoleError("IMS.0500",
				"Something went wrong on our side. Try again; if it persists, quote request id "
						+ RequestIds.of(exchange) + "."), exchange);
	}

	/**
	 * htmx swaps error answers into the page's alert area (see the htmx-config in the layout). An error page gets
	 * the model attributes itself: exception handlers do not run the {@code @ModelAttribute} methods.
	 */
	private Rendering show(HttpStatus status, ConsoleError error, ServerWebExchange exchange) {
		if (ConsolePaths.isHtmx(exchange)) {
			return Rendering.view("console/layout :: alert")
				.modelAttribute("error", error)
				.status(status)
				.header("HX-Retarget", "#alerts")
				.header("HX-Reswap", "innerHTML")
				.build();
		}
		return Rendering.view("console/error")
			.modelAttribute("error", error)
			.modelAttribute("_csrf", csrfToken(exchange))
			.modelAttribute("user", user(exchange))
			.status(status)
			.build();
	}

}
