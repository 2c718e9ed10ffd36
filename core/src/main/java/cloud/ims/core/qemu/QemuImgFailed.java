package cloud.ims.core.qemu;

import java.io.IOException;

/**
 * A {@code qemu-img} run failed. The message names the operation and qemu-img's own last word, with host directories
 * stripped, so it can be shown in a job error.
 */
public class QemuImgFailed extends IOException {

	public QemuImgFailed(String message) {
		super(message);
	}

	public QemuImgFailed(String message, Throwable cause) {
		super(message, cause);
	}

}
