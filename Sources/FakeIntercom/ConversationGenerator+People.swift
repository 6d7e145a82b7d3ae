import IngestCore

/// The people of one conversation: its contact and the teammates who answer.
struct ConversationPeople: Sendable {
    let contact: GeneratedAuthor
    /// First name for greetings; nil for anonymous leads.
    let contactFirstName: String?
    let externalID: String?
    let extraContact: (id: String, externalID: String?)?
    /// One or two teammates, the one who handles the conversation first.
    let admins: [GeneratedAuthor]
}

extension ConversationGenerator {
    /// The Fin bot of this workspace.
    var bot: GeneratedAuthor {
        GeneratedAuthor(type: "bot", id: Vocabulary.botID, name: "Fin", email: "operator+\(spec.appID)@intercom.io")
    }

    func makePeople(number: Int, rng: inout SplitMix64) -> ConversationPeople {
        let isLead = rng.chance(perMille: 300)
        let anonymous = isLead && rng.chance(perMille: 250)
        let first = rng.pick(Vocabulary.firstNames)
        let last = rng.pick(Vocabulary.lastNames)
        let domain = rng.pick(Vocabulary.emailDomains)
        var local = [first.ascii, last.ascii].compactMap { $0 }.joined(separator: ".")
        if local.isEmpty { local = "customer\(number)" }
        if rng.chance(perMille: 300) { local += String(rng.int(1...99)) }
        let contact = GeneratedAuthor(
            type: isLead ? "lead" : "user",
            id: rng.hex(count: 24),
            name: anonymous ? nil : first.display + " " + last.display,
            email: anonymous ? nil : local + "@" + domain
        )
        let externalID = isLead ? nil : String(rng.int(1...999_999))
        let extraContact: (id: String, externalID: String?)? =
            rng.chance(perMille: 30) ? (id: rng.hex(count: 24), externalID: nil) : nil

        let firstAdmin = rng.below(Vocabulary.admins.count)
        var adminIndexes = [firstAdmin]
        if rng.chance(perMille: 350) {
            adminIndexes.append((firstAdmin + 1 + rng.below(Vocabulary.admins.count - 1)) % Vocabulary.admins.count)
        }
        let admins = adminIndexes.map { index in
            let admin = Vocabulary.admins[index]
            return GeneratedAuthor(type: "admin", id: String(admin.id), name: admin.name, email: admin.email)
        }
        return ConversationPeople(
            contact: contact,
            contactFirstName: anonymous ? nil : first.display,
            externalID: externalID,
            extraContact: extraContact,
            admins: admins
        )
    }

    func makeWriter(
        topic: Topic,
        book: Phrasebook?,
        people: ConversationPeople,
        createdAt: Int64,
        rng: inout SplitMix64
    ) -> BodyWriter {
        let adminFirstName = people.admins[0].name?.split(separator: " ").first.map(String.init) ?? "the team"
        let currency = rng.pick(["€", "$", "£"])
        let cents = rng.below(100)
        let daysBefore = Int64(rng.int(1...20)) * 86_400
        return BodyWriter(
            topic: topic,
            book: book,
            customerName: HTMLText.escape(people.contactFirstName ?? "there"),
            adminName: HTMLText.escape(adminFirstName),
            orderNumber: "#\(rng.int(100_000...999_999))",
            invoiceNumber: "INV-2025-\(rng.int(1_000...9_999))",
            amount: "\(currency)\(rng.int(5...499)).\(cents < 10 ? "0" : "")\(cents)",
            date: Self.calendarDate(createdAt - daysBefore),
            code: String(rng.int(1_000...9_999)),
            days: String(rng.int(2...21))
        )
    }

    func makeAttachment(owner: Int, ordinal: Int, rng: inout SplitMix64) -> GeneratedAttachment {
        let file = rng.pick(Vocabulary.attachmentNames)
        let fileExtension = file.name.split(separator: ".").last.map(String.init) ?? "bin"
        let folder = "https://downloads.intercomcdn.com/i/o/\(owner)\(ordinal)/\(rng.hex(count: 20))"
        return GeneratedAttachment(
            name: file.name,
            url: folder + "/file-\(ordinal).\(fileExtension)",
            contentType: file.contentType,
            filesize: rng.int(2_048...4_194_304)
        )
    }

    /// Up to three distinct tags, usually led by the topic's own.
    func makeTags(topic: Topic, rng: inout SplitMix64) -> [(id: String, name: String)] {
        guard rng.chance(perMille: 400) else { return [] }
        var names: [String] = []
        if rng.chance(perMille: 700) { names.append(topic.tag) }
        let extra = rng.int(0...2)
        for _ in 0..<extra {
            let name = rng.pick(Vocabulary.tags)
            if !names.contains(name) { names.append(name) }
        }
        if names.isEmpty { names.append(rng.pick(Vocabulary.tags)) }
        return names.map { name in
            (id: String(7_000_000 + (Vocabulary.tags.firstIndex(of: name) ?? 0)), name: name)
        }
    }

    /// "9 October 2025" for a Unix time (proleptic Gregorian, UTC).
    static func calendarDate(_ unixSeconds: Int64) -> String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        let time = CivilTime(unixSeconds: unixSeconds)
        return "\(time.day) \(months[Int(time.month) - 1]) \(time.year)"
    }
}
