package cloud.ims.core.qemu;

/**
 * A {@code qemu-img} run took longer than allowed and was killed; unlike other failures, trying again may help.
 */
public class QemuImgTimedOut extends QemuImgFailed {

	public QemuImgTimedOut(String message) {
		super(message);
	}

}
