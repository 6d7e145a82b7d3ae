import IngestCore

/// Prices and dates as each locale writes them.
extension CommentWriter {
    static func amount(locale: String, ticketID: Int64) -> String {
        let choice = Int(ticketID % 3)
        let amounts: [String] =
            switch locale {
            case "ja": ["¥12,800", "¥3,980", "¥98,000"]
            case "zh-cn": ["¥1,299.00", "¥88.00", "¥468.50"]
            case "ko": ["₩45,000", "₩129,000", "₩9,900"]
            case "ar": ["٣٤٥ ر.س", "١٬٢٠٠ ر.س", "٩٩ ر.س"]
            case "he": ["₪249.90", "₪1,200", "₪39.90"]
            case "ru": ["1\u{00A0}299,00\u{00A0}₽", "15\u{00A0}000\u{00A0}₽", "499\u{00A0}₽"]
            case "hi": ["₹2,499", "₹1,24,999", "₹349"]
            case "th": ["฿1,290", "฿12,500", "฿399"]
            case "vi": ["1.250.000 ₫", "349.000 ₫", "89.000 ₫"]
            case "tr": ["₺899,90", "₺2.450,00", "₺149,99"]
            case "pt-br": ["R$ 199,90", "R$ 1.299,00", "R$ 49,90"]
            case "en-US": ["$49.99", "$1,299.00", "$9.99"]
            default: ["49,90\u{00A0}€", "1.299,00\u{00A0}€", "9,99\u{00A0}€"]
            }
        return amounts[choice]
    }

    static func date(locale: String, time: Int64) -> String {
        let civil = CivilTime(unixSeconds: time)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        switch locale {
        case "ja", "zh-cn": return "\(civil.year)年\(civil.month)月\(civil.day)日"
        case "ko": return "\(civil.year)년 \(civil.month)월 \(civil.day)일"
        case "th": return "\(civil.day)/\(civil.month)/\(civil.year + 543)"
        case "ar":
            return arabicIndic("\(civil.day)/\(civil.month)/\(civil.year)")
        case "en-US": return "\(two(civil.month))/\(two(civil.day))/\(civil.year)"
        case "de", "ru", "tr", "el", "he": return "\(two(civil.day)).\(two(civil.month)).\(civil.year)"
        default: return "\(two(civil.day))/\(two(civil.month))/\(civil.year)"
        }
    }

    /// ASCII digits as Arabic-Indic ones (٠١٢٣٤٥٦٧٨٩).
    private static func arabicIndic(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if let digit = scalar.properties.numericType != nil ? Int(String(scalar)) : nil, scalar.isASCII,
                let arabic = Unicode.Scalar(0x0660 + UInt32(digit))
            {
                result.unicodeScalars.append(arabic)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
