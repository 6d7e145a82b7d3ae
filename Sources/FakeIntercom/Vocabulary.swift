/// Names and generic phrases the generated conversations are written from.
enum Vocabulary {
    /// Contact first names with an ASCII spelling for their email address (nil: no natural ASCII form).
    static let firstNames: [(display: String, ascii: String?)] = [
        ("Siobhán", "siobhan"), ("José", "jose"), ("Zoë", "zoe"), ("Björn", "bjorn"), ("François", "francois"),
        ("Chloé", "chloe"), ("Mateus", "mateus"), ("Priya", "priya"), ("Wei", "wei"), ("Łukasz", "lukasz"),
        ("Ingrid", "ingrid"), ("Søren", "soren"), ("Fatima", "fatima"), ("Kenji", "kenji"), ("Amélie", "amelie"),
        ("Oluwaseun", "oluwaseun"), ("Emma", "emma"), ("Liam", "liam"), ("Noah", "noah"), ("Olivia", "olivia"),
        ("Mia", "mia"), ("Lucas", "lucas"), ("Sofia", "sofia"), ("Aarav", "aarav"), ("Yuki", "yuki"),
        ("Мария", nil), ("Дмитрий", nil), ("محمد", nil), ("ليلى", nil), ("נועה", nil), ("אורי", nil),
        ("さくら", nil), ("太郎", nil), ("美玲", nil), ("민준", nil),
    ]

    static let lastNames: [(display: String, ascii: String?)] = [
        ("Ó Briain", "obriain"), ("García", "garcia"), ("Müller", "muller"), ("Nilsson", "nilsson"),
        ("Dubois", "dubois"), ("Silva", "silva"), ("Sharma", "sharma"), ("Zhang", "zhang"), ("Kowalski", "kowalski"),
        ("Hansen", "hansen"), ("Haddad", "haddad"), ("Tanaka", "tanaka"), ("Okafor", "okafor"), ("Smith", "smith"),
        ("Murphy", "murphy"), ("Rossi", "rossi"), ("Kim", "kim"), ("Novak", "novak"), ("Fernández", "fernandez"),
        ("Иванова", nil), ("العلي", nil), ("כהן", nil), ("山田", nil), ("王", nil),
    ]

    static let emailDomains = ["example.com", "example.net", "mail.example.org", "acme.example", "gmail.example"]

    /// Teammates: (id, name, email).
    static let admins: [(id: Int, name: String, email: String)] = [
        (991_267_601, "Aoife Byrne", "aoife@support.example.com"),
        (991_267_602, "Tomás Kelly", "tomas@support.example.com"),
        (991_267_603, "Grace Liu", "grace@support.example.com"),
        (991_267_604, "Omar Farouk", "omar@support.example.com"),
        (991_267_605, "Hannah Schmidt", "hannah@support.example.com"),
        (991_267_606, "Ravi Patel", "ravi@support.example.com"),
        (991_267_607, "Lucía Romero", "lucia@support.example.com"),
        (991_267_608, "Sam O'Neill", "sam@support.example.com"),
        (991_267_609, "Yael Levi", "yael@support.example.com"),
        (991_267_610, "Kwame Mensah", "kwame@support.example.com"),
    ]

    static let teamIDs = [5_017_691, 5_017_692, 5_017_693, 5_017_694]

    static let botID = "1000278"

    static let tags: [String] = [
        "refund", "billing", "login", "shipping", "api", "churn-risk", "returns", "privacy", "integrations", "bug",
        "sales", "VIP", "feature-request", "urgent", "needs-engineering", "Überprüfung", "要確認",
    ]

    static let customerGreetings = [
        "Hi there,", "Hello,", "Hey team!", "Good morning,", "Hi {admin},", "Bonjour,", "Hallo zusammen,", "Hola,",
        "こんにちは、", "你好，", "مرحبا،", "שלום,", "Olá,", "Dzień dobry,",
    ]

    static let customerClosings = [
        "Thanks!", "Thanks in advance 🙏", "Cheers,", "Merci beaucoup&nbsp;!", "Danke schön!", "Gracias 😊",
        "ありがとうございます。", "谢谢！", "شكراً جزيلاً", "תודה רבה!", "Obrigado 👍", "Any help appreciated.",
        "This is urgent for us, please reply ASAP.",
    ]

    static let customerFollowUps = [
        "Any update on this?", "Thanks, that worked! 🎉", "Still not working, sorry 😅",
        "I tried that but I get the same error.", "Great, thank you so much!", "Ok, I&#39;ll wait to hear back.",
        "Can you escalate this please? It&#39;s been {days} days.", "Perfect, you can close this.",
        "Sorry for the late reply, I was travelling ✈️", "Here is a screenshot of what I see.",
        "Je n&#39;arrive toujours pas à me connecter.", "Können Sie mir bitte helfen?",
        "まだ届いていません。", "还是不行。", "لا يزال لا يعمل.", "זה עדיין לא עובד.", "🤦‍♂️ my mistake, found it.",
        "👨‍👩‍👧 we&#39;re a family account, does that change anything?",
    ]

    static let foreignLines = [
        "Je n&#39;arrive pas à me connecter depuis ce matin.",
        "Die Rechnung ist leider falsch, bitte korrigieren.",
        "El pedido todavía no ha llegado.",
        "注文した商品がまだ届いていません。",
        "我的账户无法登录，请帮忙。",
        "لم أستلم المبلغ المسترد بعد.",
        "ההזמנה שלי עדיין לא הגיעה.",
        "Zamówienie nie dotarło na czas.",
        "Encomenda atrasada há duas semanas.",
    ]

    static let agentOpenings = [
        "Hi {name},", "Hey {name}, thanks for reaching out!", "Hello {name},", "Hi {name}, thanks for your patience.",
        "Thanks for getting in touch, {name}.",
    ]

    static let agentClosings = [
        "Let me know if there&#39;s anything else I can help with.", "Have a great day! ☀️", "Best,<br>{admin}",
        "Talk soon,<br>{admin}", "Happy to help 🙂", "I&#39;ll keep this conversation open until you confirm.",
    ]

    static let quickReplies = [
        "<p>Did that answer your question?</p>", "<p>Is there anything else I can help with?</p>",
        "<p>How would you rate the help you received?</p>",
    ]

    static let botReplies = [
        "<p>Hi! I&#39;m Fin, an AI agent 🤖. I&#39;m looking for an answer while a teammate joins.</p>",
        "<p>Thanks! The team typically replies in <b>under 2 hours</b>.</p>",
        "<p>Here&#39;s an article that might help: <a href=\"https://help.example.com/articles/1-getting-started\">Getting started</a></p>",
    ]

    static let emoji = ["🙏", "👍", "😅", "🎉", "👩‍💻", "🇮🇪", "🇯🇵", "🇧🇷", "❤️", "🤦‍♂️", "🚚", "💳", "😊"]

    static let attachmentNames: [(name: String, contentType: String)] = [
        ("screenshot.png", "image/png"), ("IMG_4821.jpg", "image/jpeg"), ("invoice.pdf", "application/pdf"),
        ("error-log.txt", "text/plain"), ("Rechnung_März.pdf", "application/pdf"), ("スクリーンショット.png", "image/png"),
        ("export.csv", "text/csv"), ("damaged box.jpeg", "image/jpeg"),
    ]

    static let customAttributeChannels = ["web", "ios", "android", "email"]

    static let ratingRemarks = ["", "Super quick, thanks!", "Took too long.", "Très bien 👍", "Solved my problem."]
}
