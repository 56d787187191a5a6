import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The elements of an SVG file, parsed as XML: each with its name, attributes, text, and the
/// `data-key` of the series group it sits in.
final class SVGElements: NSObject, XMLParserDelegate {
    /// One element.
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        var series: String?
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private var series: [String?] = []

    /// Parses `data`; throws when it is not well-formed XML.
    init(data: Data) throws {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? ExpectationError.unparsable(0, "SVG") }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let group = name == "g" ? attributes["data-key"] : nil
        series.append(group ?? series.last ?? nil)
        elements.append(Element(name: name, attributes: attributes, series: series.last ?? nil))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
        series.removeLast()
    }

    /// The elements whose `class` is `name`.
    func withClass(_ name: String) -> [Element] {
        elements.filter { $0.attributes["class"] == name }
    }
}
