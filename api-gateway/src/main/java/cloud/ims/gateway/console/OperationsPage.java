package cloud.ims.gateway.console;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The Operations page for admins: the live picture of the whole installation, drawn in the browser with uPlot from
 * the operations view, refreshed every few seconds.
 */
@Controller
@RequestMapping(ConsolePaths.ROOT + "/admin/operations")
class OperationsPage {

	@GetMapping
	String page(Caller caller) {
		requireAdmin(caller);
		return "console/operations";
	}

	static void requireAdmin(Caller caller) {
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403",
					"The Operations page is for administrators. Sign in with an admin token to see it.");
		}
	}

}
