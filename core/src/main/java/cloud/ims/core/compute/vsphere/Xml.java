package cloud.ims.core.compute.vsphere;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The little XML IMS needs for SOAP: escaping text into templates and reading answers by local element names (vim25
 * answers put everything in one namespace, so local names are unambiguous).
 */
final class Xml {

	static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

	private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(Xml::newBuilder);

	private Xml() {
	}

	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '&' -> out.append("&amp;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&apos;");
				default -> {
					if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) {
						// XML 1.0 has no way to carry these, not even as character references
						out.append('\uFFFD');
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

	/** An element {@code <name>text</name>} with the text escaped. */
	static String element(String name, Object text) {
		return "<" + name + ">" + escape(String.valueOf(text)) + "</" + name + ">";
	}

	static Element parse(byte[] document) throws IOException {
		try {
			DocumentBuilder builder = BUILDERS.get();
			builder.reset();
			return builder.parse(new ByteArrayInputStream(document)).getDocumentElement();
		}
		catch (SAXException ex) {
			throw new IOException("vCenter answered with XML that cannot be read: " + ex.getMessage(), ex);
		}
	}

	static List<Element> children(Element parent, String localName) {
		List<Element> found = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && localName.equals(element.getLocalName())) {
				found.add(element);
			}
		}
		return found;
	}

	static List<Element> children(Element parent) {
		List<Element> found = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element) {
				found.add(element);
			}
		}
		return found;
	}

	static Optional<Element> child(Element parent, String localName) {
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && localName.equals(element.getLocalName())) {
				return Optional.of(element);
			}
		}
		return Optional.empty();
	}

	/** The text of the first descendant along the path of local names, e.g. {@code text(info, "error", "localizedMessage")}. */
	static Optional<String> text(Element parent, String... path) {
		Element current = parent;
		for (String name : path) {
			Optional<Element> next = child(current, name);
			if (next.isEmpty()) {
				return Optional.empty();
			}
			current = next.get();
		}
		return Optional.of(current.getTextContent().trim());
	}

	/** The xsi:type of an element, without a namespace prefix, or its local name when it has none. */
	static String type(Element element) {
		String type = element.getAttributeNS(XSI, "type");
		if (type.isEmpty()) {
			return element.getLocalName();
		}
		int colon = type.indexOf(':');
		return colon < 0 ? type : type.substring(colon + 1);
	}

	/** The element's children as XML text, to send back what vCenter answered (e.g. an import spec, a device). */
	static String inner(Element element) {
		try {
			Transformer transformer = TransformerFactory.newInstance().newTransformer();
			transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
			StringWriter out = new StringWriter();
			for (Element child : children(element)) {
				transformer.transform(new DOMSource(child), new StreamResult(out));
			}
			return out.toString();
		}
		catch (TransformerException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static DocumentBuilder newBuilder() {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setExpandEntityReferences(false);
			return factory.newDocumentBuilder();
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
