/// Words and odd characters the generated tickets draw on besides the phrasebooks.
enum Vocabulary {
    static let tags = [
        "billing", "refund", "shipping", "login", "password_reset", "vip", "bug", "feature_request", "android", "ios",
        "web", "urgent_customer", "配送", "請求", "доставка", "возврат", "فاتورة", "rückerstattung", "envío",
        "churn_risk", "b2b", "escalated", "macro_used", "sla_breach",
    ]

    static let channels = ["email", "web", "api", "mobile", "chat", "whatsapp"]

    static let clients = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Zendesk/4.2 (Android 14; Pixel 8)", "Mail", "Zendesk Support iOS 5.3.1",
    ]

    /// Places comment metadata reports: name, latitude, longitude.
    static let locations: [(name: String, latitude: Double, longitude: Double)] = [
        ("Tokyo, 13, Japan", 35.6895, 139.6917), ("Shenzhen, 44, China", 22.5431, 114.0579),
        ("Seoul, 11, South Korea", 37.5665, 126.978), ("Riyadh, 01, Saudi Arabia", 24.7136, 46.6753),
        ("Cairo, C, Egypt", 30.0444, 31.2357), ("Tel Aviv, TA, Israel", 32.0853, 34.7818),
        ("Moscow, MOW, Russia", 55.7558, 37.6173), ("Mumbai, MH, India", 19.076, 72.8777),
        ("Bangkok, 10, Thailand", 13.7563, 100.5018), ("Athens, I, Greece", 37.9838, 23.7275),
        ("Hanoi, HN, Vietnam", 21.0278, 105.8342), ("Istanbul, 34, Türkiye", 41.0082, 28.9784),
        ("München, BY, Germany", 48.1351, 11.582), ("Madrid, MD, Spain", 40.4168, -3.7038),
        ("São Paulo, SP, Brazil", -23.5505, -46.6333), ("Portland, OR, United States", 45.5152, -122.6784),
    ]

    static let attachmentNames: [(name: String, contentType: String)] = [
        ("screenshot.png", "image/png"), ("スクリーンショット 2024-05-01 10.22.31.png", "image/png"),
        ("فاتورة.pdf", "application/pdf"), ("счёт-фактура №42.pdf", "application/pdf"),
        ("IMG_4821.HEIC", "image/heic"), ("logs (1).txt", "text/plain"), ("发票.jpg", "image/jpeg"),
        ("Rechnung_März.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]

    /// Comments the system author (-1) leaves, e.g. when an automation closes a ticket.
    static let systemComments = [
        "This ticket was closed automatically because it was solved more than 4 days ago.",
        "Ce ticket a été fermé automatiquement. · このチケットは自動的にクローズされました。",
        "Автоматическое сообщение: заявка закрыта. · تم إغلاق التذكرة تلقائياً.",
    ]
}
