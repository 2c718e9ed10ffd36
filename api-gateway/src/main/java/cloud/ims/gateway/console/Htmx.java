package cloud.ims.gateway.console;

import org.springframework.http.ResponseEntity;

/**
 * Answers that tell htmx what to do next.
 */
final class Htmx {

	private Htmx() {
	}

	/** Navigate the whole page, e.g. to the job a request started. */
	static ResponseEntity<Void> redirect(String location) {
		return ResponseEntity.ok().header("HX-Redirect", location).build();
	}

	/** Reload the page, to show what an action changed. */
	static ResponseEntity<Void> refresh() {
		return ResponseEntity.ok().header("HX-Refresh", "true").build();
	}

	static String jobPage(String jobId) {
		return ConsolePaths.ROOT + "/jobs/" + jobId;
	}

}
