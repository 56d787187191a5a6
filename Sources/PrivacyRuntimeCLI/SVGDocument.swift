/// A minimal SVG writer: elements in drawing order, attributes and text escaped, numbers with one decimal.
/// Enough for a line chart without a drawing library.
struct SVGDocument {
    /// Width in pixels.
    let width: Int
    /// Height in pixels.
    let height: Int
    private var elements: [String] = []

    /// An empty drawing of `width` × `height` pixels.
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Adds `<name attributes>text</name>` (self-closing without text).
    mutating func add(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        let attributeText = attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
        elements.append(text.map { "<\(name)\(attributeText)>\(Self.escape($0))</\(name)>" } ?? "<\(name)\(attributeText)/>")
    }

    /// Opens a group; close it with `close("g")`.
    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        elements.append("<\(name)" + attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined() + ">")
    }

    /// Closes the element opened last with `open`.
    mutating func close(_ name: String) {
        elements.append("</\(name)>")
    }

    /// The whole document.
    var text: String {
        let head = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">"
        return ([#"<?xml version="1.0" encoding="UTF-8"?>"#, head] + elements + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    /// `value` rounded to a tenth, without a trailing `.0`.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// Text safe inside an attribute or element.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
