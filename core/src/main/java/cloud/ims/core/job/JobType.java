package cloud.ims.core.job;

/**
 * The kinds of job, named as Huawei Cloud names them on the wire.
 */
public enum JobType {

	CREATE_IMAGE_BY_INSTANCE("imsCreateImageByInstance"),
	IMPORT_IMAGE("imsImportImageJob"),
	UPLOAD_IMAGE("imsUploadImageJob"),
	DELETE_IMAGE("imsDeleteImageJob"),
	COPY_IMAGE("imsCopyImageJob"),
	EXPORT_IMAGE("imsExportImageJob"),
	ADD_IMAGE_MEMBERS("imsAddImageMembersJob"),
	UPDATE_IMAGE_MEMBERS("imsUpdateImageMembersJob"),
	DELETE_IMAGE_MEMBERS("imsDelImageMembersJob"),
	CREATE_SERVER("createServer"),
	CREATE_SINGLE_SERVER("createSingleServer"),
	DELETE_SERVER("deleteServer"),
	DELETE_SINGLE_SERVER("deleteSingleServer"),
	START_SERVER("startServer"),
	START_SINGLE_SERVER("startSingleServer"),
	STOP_SERVER("stopServer"),
	STOP_SINGLE_SERVER("stopSingleServer"),
	REBOOT_SERVER("rebootServer"),
	REBOOT_SINGLE_SERVER("rebootSingleServer");

	private final String wireName;

	JobType(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	public static JobType fromWireName(String wireName) {
		for (JobType type : values()) {
			if (type.wireName.equals(wireName)) {
				return type;
			}
		}
		throw new IllegalArgumentException("Unknown job type " + wireName);
	}

}
