package cloud.ims.gateway.web;

import java.util.Map;

import cloud.ims.gateway.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An authenticated endpoint that does no work: the baseline that benchmarks compare real reads against, and a
 * quick check that a token is accepted.
 */
@RestController
class PingController {

	private static final Map<String, Object> PONG = Map.of("status", "ok");

	@GetMapping("/v1/ping")
	Map<String, Object> ping(Caller caller) {
		return PONG;
	}

}
