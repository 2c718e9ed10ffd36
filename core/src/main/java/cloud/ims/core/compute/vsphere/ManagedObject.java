package cloud.ims.core.compute.vsphere;

import org.w3c.dom.Element;

/**
 * A managed object reference: vCenter's handle on an inventory object, a task or a service, e.g.
 * {@code VirtualMachine:vm-42}.
 */
record ManagedObject(String type, String value) {

	static ManagedObject of(Element reference) {
		return new ManagedObject(reference.getAttribute("type"), reference.getTextContent().trim());
	}

	/** The reference as the body of an element named {@code name}. */
	String xml(String name) {
		return "<" + name + " type=\"" + Xml.escape(this.type) + "\">" + Xml.escape(this.value) + "</" + name + ">";
	}

	@Override
	public String toString() {
		return this.type + ":" + this.value;
	}

}
