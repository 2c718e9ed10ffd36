package cloud.ims.gateway.console;

import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.ops.Operations;
import cloud.ims.gateway.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import reactor.core.publisher.Mono;

/**
 * The Operations page for admins: the live picture of the whole installation, drawn in the browser with uPlot from
 * the operations view, refreshed every few seconds.
 */
@Controller
@RequestMapping(ConsolePaths.ROOT + "/admin/operations")
class OperationsPage {

	private final Operations operations;

	OperationsPage(Operations operations) {
		this.operations = operations;
	}

	@GetMapping
	String page(Caller caller) {
		requireAdmin(caller);
		return "console/operations";
	}

	/** The operations view for the page's script to draw; it refuses members itself, as in the API. */
	@GetMapping(path = "/data", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Mono<Map<String, Object>> data(Caller caller, @RequestParam(defaultValue = "60") int minutes) {
		return this.operations.show(caller, minutes);
	}

	private static void requireAdmin(Caller caller) {
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403",
					"The Operations page is for administrators. Sign in with an admin token to see it.");
		}
	}

}
