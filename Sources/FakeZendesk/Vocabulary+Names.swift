/// People's names as each locale writes them.
extension Vocabulary {
    struct NameBook: Sendable {
        let locale: String
        let given: [String]
        let family: [String]
        /// Family name first, without a space for Chinese (王小明), with one for Japanese and Korean.
        let familyFirst: Bool
        let separator: String
        let timeZone: String
        let emailDomain: String
    }

    static let nameBooks: [NameBook] = [
        NameBook(
            locale: "ja",
            given: ["花子", "太郎", "陽菜", "蓮", "さくら", "翔"],
            family: ["佐藤", "山田", "鈴木", "髙橋", "渡辺"],
            familyFirst: true,
            separator: " ",
            timeZone: "Tokyo",
            emailDomain: "example.jp"
        ),
        NameBook(
            locale: "zh-cn",
            given: ["小明", "芳", "伟", "静怡", "子轩"],
            family: ["王", "李", "张", "刘", "陈"],
            familyFirst: true,
            separator: "",
            timeZone: "Beijing",
            emailDomain: "example.cn"
        ),
        NameBook(
            locale: "ko",
            given: ["서연", "민준", "지우", "하은"],
            family: ["김", "이", "박", "최"],
            familyFirst: true,
            separator: "",
            timeZone: "Seoul",
            emailDomain: "example.kr"
        ),
        NameBook(
            locale: "ar",
            given: ["محمد", "فاطمة", "عبدالله", "نورة", "يوسف"],
            family: ["العتيبي", "الحربي", "المصري", "القحطاني"],
            familyFirst: false,
            separator: " ",
            timeZone: "Riyadh",
            emailDomain: "example.sa"
        ),
        NameBook(
            locale: "he",
            given: ["יעל", "נועם", "מיכל", "איתי"],
            family: ["כהן", "לוי", "מזרחי"],
            familyFirst: false,
            separator: " ",
            timeZone: "Jerusalem",
            emailDomain: "example.co.il"
        ),
        NameBook(
            locale: "ru",
            given: ["Ольга", "Дмитрий", "Анна", "Сергей", "Ёлка"],
            family: ["Петрова-Водкина", "Иванов", "Смирнова", "Кузнецов"],
            familyFirst: false,
            separator: " ",
            timeZone: "Moscow",
            emailDomain: "example.ru"
        ),
        NameBook(
            locale: "hi",
            given: ["अनन्या", "राहुल", "प्रिया", "अर्जुन"],
            family: ["शर्मा", "गुप्ता", "वर्मा", "पटेल"],
            familyFirst: false,
            separator: " ",
            timeZone: "New Delhi",
            emailDomain: "example.in"
        ),
        NameBook(
            locale: "th",
            given: ["สมชาย", "สุดา", "วิชัย"],
            family: ["ใจดี", "ศรีสุข", "วงศ์ใหญ่"],
            familyFirst: false,
            separator: " ",
            timeZone: "Bangkok",
            emailDomain: "example.co.th"
        ),
        NameBook(
            locale: "el",
            given: ["Γιώργος", "Μαρία", "Αλέξανδρος"],
            family: ["Παπαδόπουλος", "Οικονόμου"],
            familyFirst: false,
            separator: " ",
            timeZone: "Athens",
            emailDomain: "example.gr"
        ),
        NameBook(
            locale: "vi",
            given: ["An", "Ngọc Ánh", "Minh Khôi"],
            family: ["Nguyễn Văn", "Trần Thị", "Lê"],
            familyFirst: true,
            separator: " ",
            timeZone: "Hanoi",
            emailDomain: "example.vn"
        ),
        NameBook(
            locale: "tr",
            given: ["Şule", "Çağrı", "İlker", "Gülşen"],
            family: ["Yılmaz", "Öztürk", "Doğan"],
            familyFirst: false,
            separator: " ",
            timeZone: "Istanbul",
            emailDomain: "example.com.tr"
        ),
        NameBook(
            locale: "de",
            given: ["Jürgen", "Käthe", "Lukas", "Sophie"],
            family: ["Müller", "Schäfer", "Groß", "Weiß"],
            familyFirst: false,
            separator: " ",
            timeZone: "Berlin",
            emailDomain: "example.de"
        ),
        NameBook(
            locale: "es",
            given: ["José", "María José", "Íñigo", "Lucía"],
            family: ["Núñez-García", "Peña", "Muñoz"],
            familyFirst: false,
            separator: " ",
            timeZone: "Madrid",
            emailDomain: "example.es"
        ),
        NameBook(
            locale: "pt-br",
            given: ["João", "Conceição", "Luís"],
            family: ["Gonçalves", "Araújo", "Simões"],
            familyFirst: false,
            separator: " ",
            timeZone: "Brasilia",
            emailDomain: "example.com.br"
        ),
        NameBook(
            locale: "en-US",
            given: ["Zoë", "Dana", "Seán", "Mia 🌸"],
            family: ["O'Brien", "Kim", "Smith-Jones", "Chen"],
            familyFirst: false,
            separator: " ",
            timeZone: "Pacific Time (US & Canada)",
            emailDomain: "example.com"
        ),
    ]

    /// The name book of `locale`, or the English one.
    static func nameBook(for locale: String) -> NameBook {
        nameBooks.first { $0.locale == locale } ?? nameBooks[nameBooks.count - 1]
    }
}
