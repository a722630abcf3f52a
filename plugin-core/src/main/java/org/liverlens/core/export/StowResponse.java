package org.liverlens.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The Store Instances Response of STOW-RS (PS3.18 10.5.3): the Referenced SOP Sequence
 * (0008,1199) of stored instances, with any Warning Reason (0008,1196), and the Failed SOP
 * Sequence (0008,1198) with each Failure Reason (0008,1197). Read from DICOM JSON
 * ({@code application/dicom+json}) or the Native DICOM Model XML ({@code application/dicom+xml}).
 */
public record StowResponse(List<Item> referenced, List<Item> failed) {
    static final String REFERENCED_SOP_SEQUENCE = "00081199";
    static final String FAILED_SOP_SEQUENCE = "00081198";
    static final String REFERENCED_SOP_CLASS_UID = "00081150";
    static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    static final String FAILURE_REASON = "00081197";
    static final String WARNING_REASON = "00081196";

    /** One instance of the response; {@code reason} is the failure or warning reason, null when none. */
    public record Item(String sopClassUid, String sopInstanceUid, Integer reason) {
    }

    public StowResponse {
        referenced = List.copyOf(referenced);
        failed = List.copyOf(failed);
    }

    /** Parses a response body by its content type (or, when that says nothing, by its first character). */
    public static StowResponse parse(String contentType, byte[] body) throws IOException {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (ct.contains("xml") || (!ct.contains("json") && text.startsWith("<"))) {
            return parseXml(body);
        }
        if (ct.contains("json") || text.startsWith("{") || text.startsWith("[")) {
            return parseJson(body);
        }
        throw new IOException("the response is neither DICOM JSON nor DICOM XML (Content-Type " + contentType + ")");
    }

    static StowResponse parseJson(byte[] body) throws IOException {
        JsonNode root = new ObjectMapper().readTree(body);
        if (root != null && root.isArray()) {
            root = root.size() == 0 ? null : root.get(0);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("the DICOM JSON response is not an object");
        }
        return new StowResponse(jsonItems(root.path(REFERENCED_SOP_SEQUENCE), WARNING_REASON),
                jsonItems(root.path(FAILED_SOP_SEQUENCE), FAILURE_REASON));
    }

    private static List<Item> jsonItems(JsonNode sequence, String reasonTag) {
        List<Item> items = new ArrayList<>();
        for (JsonNode item : sequence.path("Value")) {
            JsonNode reason = item.path(reasonTag).path("Value").path(0);
            items.add(new Item(jsonString(item, REFERENCED_SOP_CLASS_UID), jsonString(item, REFERENCED_SOP_INSTANCE_UID),
                    reason.isNumber() ? Integer.valueOf(reason.asInt()) : null));
        }
        return items;
    }

    private static String jsonString(JsonNode item, String tag) {
        JsonNode v = item.path(tag).path("Value").path(0);
        return v.isMissingNode() || v.isNull() ? null : v.asText().strip();
    }

    static StowResponse parseXml(byte[] body) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // A server's answer is untrusted input: no DTDs, no external entities (XXE).
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            f.setNamespaceAware(true);
            DocumentBuilder b = f.newDocumentBuilder();
            Element root = b.parse(new ByteArrayInputStream(body)).getDocumentElement();
            List<Item> referenced = new ArrayList<>();
            List<Item> failed = new ArrayList<>();
            for (Element a : children(root, "DicomAttribute")) {
                String tag = a.getAttribute("tag").toUpperCase(Locale.ROOT);
                if (tag.equals(REFERENCED_SOP_SEQUENCE)) {
                    referenced.addAll(xmlItems(a, WARNING_REASON));
                } else if (tag.equals(FAILED_SOP_SEQUENCE)) {
                    failed.addAll(xmlItems(a, FAILURE_REASON));
                }
            }
            return new StowResponse(referenced, failed);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("the DICOM XML response cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Item> xmlItems(Element sequence, String reasonTag) {
        List<Item> items = new ArrayList<>();
        for (Element item : children(sequence, "Item")) {
            String reason = xmlValue(item, reasonTag);
            items.add(new Item(xmlValue(item, REFERENCED_SOP_CLASS_UID), xmlValue(item, REFERENCED_SOP_INSTANCE_UID),
                    reason == null ? null : Integer.valueOf(reason.strip())));
        }
        return items;
    }

    private static String xmlValue(Element item, String tag) {
        for (Element a : children(item, "DicomAttribute")) {
            if (a.getAttribute("tag").equalsIgnoreCase(tag)) {
                for (Element v : children(a, "Value")) {
                    return v.getTextContent().strip();
                }
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                list.add(e);
            }
        }
        return list;
    }
}
