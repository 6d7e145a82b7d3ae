import IngestCore

/// The conversation-level objects that are `null` or `{}` on many real conversations.
extension ConversationGenerator {
    func makeCustomAttributes(writer: BodyWriter, state: String, rng: inout SplitMix64) -> JSONValue {
        guard rng.chance(perMille: 700) else { return .object([:]) }
        var attributes: [String: JSONValue] = [:]
        if rng.chance(perMille: 600) { attributes["Channel"] = .string(rng.pick(Vocabulary.customAttributeChannels)) }
        if rng.chance(perMille: 500) { attributes["paid_subscriber"] = .bool(rng.bool()) }
        if rng.chance(perMille: 400) { attributes["monthly_spend"] = .number(Double(rng.int(0...50_000)) / 100) }
        if rng.chance(perMille: 300) { attributes["team_mates"] = .number(Double(rng.int(1...250))) }
        if rng.chance(perMille: 400) { attributes["Order number"] = .string(writer.orderNumber) }
        if rng.chance(perMille: 200) { attributes["Escalated"] = .bool(true) }
        if state == "closed", rng.chance(perMille: 400) {
            attributes["CX Score rating"] = .number(Double(rng.int(1...5)))
            attributes["CX Score explanation"] = .string(
                rng.pick([
                    "The customer's issue was resolved quickly and they thanked the agent.",
                    "The customer had to follow up several times before getting an answer.",
                    "Resolved, but the customer was unhappy with the refund timeline.",
                ])
            )
        }
        return .object(attributes)
    }

    func makeSLA(rng: inout SplitMix64) -> JSONValue {
        guard rng.chance(perMille: 200) else { return .null }
        return [
            "type": "conversation_sla_summary",
            "sla_name": .string(rng.pick(["Standard support", "VIP 1 hour", "Enterprise 4 hours"])),
            "sla_status": .string(rng.pick(["hit", "missed", "cancelled", "active"])),
        ]
    }

    /// `conversation_statistics` with every key; `count_conversation_parts` is the true part count.
    func makeStatistics(
        times: (createdAt: Int64, updatedAt: Int64),
        state: String,
        partCount: Int,
        assigned: Bool,
        closerID: String,
        rng: inout SplitMix64
    ) -> JSONValue {
        let span = Int(times.updatedAt - times.createdAt)
        func at(_ offset: Int) -> JSONValue { .number(Double(times.createdAt + Int64(min(offset, span)))) }
        func seconds(_ value: Int) -> JSONValue { .number(Double(value)) }
        let adminReply = rng.int(30...max(30, span / 3))
        let assignment = rng.int(0...adminReply)
        let closed = state == "closed"
        let firstClose = rng.int(adminReply...max(adminReply, span))
        let lastContact = rng.int(0...span)
        let lastAdmin = rng.int(adminReply...max(adminReply, span))
        let assignments = assigned ? rng.int(1...3) : 0
        return [
            "type": "conversation_statistics",
            "time_to_assignment": assigned ? seconds(assignment) : .null,
            "time_to_admin_reply": seconds(adminReply),
            "time_to_first_close": closed ? seconds(firstClose) : .null,
            "time_to_last_close": closed ? seconds(span) : .null,
            "median_time_to_reply": seconds(adminReply / 2 + rng.int(0...adminReply)),
            "first_contact_reply_at": at(0),
            "first_assignment_at": assigned ? at(assignment) : .null,
            "first_admin_reply_at": at(adminReply),
            "first_close_at": closed ? at(firstClose) : .null,
            "last_assignment_at": assigned ? at(assignment) : .null,
            "last_assignment_admin_reply_at": assigned ? at(adminReply) : .null,
            "last_contact_reply_at": at(lastContact),
            "last_admin_reply_at": at(lastAdmin),
            "last_close_at": closed ? at(span) : .null,
            "last_closed_by_id": closed ? .string(closerID) : .null,
            "count_reopens": seconds(closed ? rng.int(0...2) : 0),
            "count_assignments": seconds(assignments),
            "count_conversation_parts": seconds(partCount),
            "assigned_team_first_response_time": [],
            "assigned_team_first_response_time_in_office_hours": [],
            "handling_time": seconds(rng.int(60...max(60, span))),
            "adjusted_handling_time": seconds(rng.int(60...max(60, span))),
        ]
    }

    func makeRating(
        times: (createdAt: Int64, updatedAt: Int64),
        people: ConversationPeople,
        rng: inout SplitMix64
    ) -> JSONValue {
        let ratedAt = times.updatedAt - Int64(rng.int(0...Int(min(3_600, times.updatedAt - times.createdAt))))
        return [
            "rating": .number(Double(rng.int(1...5))),
            "remark": .string(rng.pick(Vocabulary.ratingRemarks)),
            "created_at": .number(Double(ratedAt)),
            "updated_at": .number(Double(ratedAt)),
            "contact": [
                "type": "contact",
                "id": .string(people.contact.id),
                "external_id": people.externalID.map(JSONValue.string) ?? .null,
            ],
            "teammate": ["type": "admin", "id": .string(people.admins[0].id)],
        ]
    }

    func makeAIAgent(times: (createdAt: Int64, updatedAt: Int64), topic: Topic, rng: inout SplitMix64) -> JSONValue {
        let rated = rng.chance(perMille: 400)
        return [
            "source_type": "workflow",
            "source_title": "Fin for support",
            "last_answer_type": .string(rng.pick(["ai_answer", "custom_answer"])),
            "resolution_state": .string(
                rng.pick(["assumed_resolution", "confirmed_resolution", "routed_to_team", "abandoned"])
            ),
            "rating": rated ? .number(Double(rng.int(1...5))) : .null,
            "rating_remark": rated ? .string(rng.pick(Vocabulary.ratingRemarks)) : .null,
            "created_at": .number(Double(times.createdAt)),
            "updated_at": .number(Double(times.createdAt + 60)),
            "content_sources": [
                "type": "content_source.list",
                "total_count": 1,
                "content_sources": [
                    [
                        "content_type": "article",
                        "url": .string("https://help.example.com/articles/\(topic.tag)"),
                        "title": .string("Help with " + topic.tag),
                        "locale": "en",
                    ]
                ],
            ],
        ]
    }
}
