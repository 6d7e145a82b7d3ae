import Foundation
import IngestCore
import IngestHTTP
import Testing

@testable import ZendeskConnector

@Suite("Zendesk configs, dialect and tickets")
struct ZendeskUnitTests {
    let tenant = try! TenantID("acme")

    @Test func backfillConfigNeedsAValidSubdomainAndNamesTheField() throws {
        #expect(throws: ConfigValidationError.self) {
            _ = try ZendeskTicketsBackfillConfig.validate(tenantID: tenant, fields: [:])
        }
        do {
            _ = try ZendeskTicketsBackfillConfig.validate(tenantID: tenant, fields: ["subdomain": "Acme.zendesk.com"])
            Issue.record("an invalid subdomain was accepted")
        } catch {
            #expect(error.field == "subdomain")
            #expect("\(error)".contains("SUBDOMAIN.zendesk.com"))
        }
        let config = try ZendeskTicketsBackfillConfig.validate(
            tenantID: tenant,
            fields: ["subdomain": "acme-eu", "ticket_ids": [1, "2"], "email": "agent@acme.com"]
        )
        #expect(config.ticketIDs == [1, 2] && config.email == "agent@acme.com" && config.startTime == 0)
        #expect(config.perPage == 1_000)
        do {
            _ = try ZendeskTicketsBackfillConfig.validate(
                tenantID: tenant,
                fields: ["subdomain": "acme", "ticket_ids": [1], "start_time": 5]
            )
            Issue.record("start_time with ticket_ids was accepted")
        } catch {
            #expect(error.field == "start_time")
        }
        do {
            _ = try ZendeskTicketsBackfillConfig.validate(
                tenantID: tenant,
                fields: ["subdomain": "acme", "email": "nope"]
            )
            Issue.record("a bad email was accepted")
        } catch {
            #expect(error.field == "email")
        }
    }

    @Test func syncConfigIsValidEmptySoASchedulerCanEnqueueIt() throws {
        let config = try ZendeskTicketsSyncConfig.validate(tenantID: tenant, fields: [:])
        #expect(config.subdomain == nil && config.startTime == nil)
        #expect(ZendeskTicketsSyncConfig.source == "zendesk_api_tickets_sync")
    }

    @Test func rateLimitHeadersCountTheResetFromNowAndReadRetryAfter() {
        let response = RESTResponse(
            status: 429,
            headers: [
                "x-rate-limit": "700", "x-rate-limit-remaining": "0", "ratelimit-reset": "37", "retry-after": "37",
            ],
            body: Data("Number of allowed API requests per minute exceeded: 0".utf8)
        )
        let reading = APIDialect.zendesk.readRateLimit(response)
        #expect(reading == RateLimitReading(limit: 700, remaining: 0, resetAfter: 37, retryAfter: 37))
    }

    @Test(
        arguments: [
            (
                #"{"error":"RecordNotFound","description":"Not found"}"#, "application/json", "RecordNotFound",
                "Not found"
            ),
            (#"{"error":"Couldn't authenticate you"}"#, "application/json", nil, "Couldn't authenticate you"),
            (
                #"{"error":{"title":"Forbidden","message":"Access to this resource is restricted"}}"#,
                "application/json",
                "Forbidden", "Access to this resource is restricted"
            ),
            (
                #"{"errors":[{"code":"TooManyRequests","title":"Too Many Requests","status":"429"}]}"#,
                "application/json",
                "TooManyRequests", "Too Many Requests"
            ),
            (
                "Number of allowed API requests per minute exceeded: 0", "text/plain; charset=utf-8", nil,
                "Number of allowed API requests per minute exceeded: 0"
            ),
            ("<html>bad gateway</html>", "text/html", nil, nil),
        ] as [(String, String, String?, String?)]
    )
    func errorBodiesAreReadInZendesksOwnWords(body: String, type: String, code: String?, message: String?) {
        let details = APIDialect.zendesk.readError(
            RESTResponse(status: 400, headers: ["content-type": type, "x-request-id": "abc"], body: Data(body.utf8))
        )
        #expect(details.code == code)
        #expect(details.message == message)
        #expect(details.requestID == "abc")
    }

    @Test func timestampsParseBothForms() {
        #expect(ZendeskJSON.parseTime("2026-10-05T09:41:27Z") == 1_791_193_287)
        #expect(ZendeskJSON.parseTime("2026-10-05T11:41:27+02:00") == 1_791_193_287)
        #expect(ZendeskJSON.parseTime("2026-10-05T09:41:27.512Z") == 1_791_193_287)
        #expect(ZendeskJSON.parseTime("yesterday") == nil)
        #expect(CivilTime(unixSeconds: 1_791_193_287).iso8601 == "2026-10-05T09:41:27Z")
    }

    @Test func aTicketBecomesOneArtifactWithEveryCommentInOrderAndNoCommentMetadata() throws {
        let ticket = try #require(
            ZendeskTicket(json: [
                "id": 48213, "subject": "Не могу сбросить пароль 🔑", "status": "open", "priority": "normal",
                "type": "question", "tags": ["login"], "requester_id": 11, "assignee_id": 22,
                "created_at": "2026-10-02T14:03:11Z", "updated_at": "2026-10-05T09:41:27Z",
                "generated_timestamp": 1_791_193_923, "fields": [],
            ])
        )
        let comments = try [
            #require(
                ZendeskComment(json: [
                    "id": 1, "author_id": 11, "public": true, "created_at": "2026-10-02T14:03:11Z",
                    "html_body": "<div class=\"zd-comment\"><p>ссылка &amp; код истекли</p></div>",
                    "metadata": ["system": ["ip_address": "203.0.113.9", "location": "Berlin"]],
                ])
            ),
            #require(
                ZendeskComment(json: [
                    "id": 2, "author_id": 22, "public": false, "created_at": "2026-10-05T09:41:27Z",
                    "plain_body": "已知问题 INC-42", "attachments": [["file_name": "log.txt", "size": 2048]],
                ])
            ),
        ]
        let users: [Int64: ZendeskUser] = [
            11: ZendeskUser(id: 11, name: "Дана Ким", email: "dana@example.com", role: "end-user"),
            22: ZendeskUser(id: 22, name: "李伟", email: nil, role: "agent"),
        ]
        let artifact = ticket.artifact(tenantID: tenant, subdomain: "acme", comments: comments, users: users)
        #expect(artifact.kind == "ticket" && artifact.source == .zendesk && artifact.externalID == "48213")
        #expect(artifact.title == "Не могу сбросить пароль 🔑")
        #expect(artifact.url == "https://acme.zendesk.com/agent/tickets/48213")
        #expect(artifact.updatedAt == Date(timeIntervalSince1970: 1_791_193_923))
        #expect(
            artifact.content == """
                — Дана Ким (end-user) · 2026-10-02 14:03 UTC · public reply
                ссылка & код истекли

                — 李伟 (agent) · 2026-10-05 09:41 UTC · internal note
                已知问题 INC-42
                Attachment: log.txt (2 KB)
                """
        )
        #expect(artifact.metadata["status"] == "open" && artifact.metadata["priority"] == "normal")
        #expect(artifact.metadata["requester"]?.objectValue?["name"] == "Дана Ким")
        #expect(artifact.metadata["assignee"]?.objectValue?["role"] == "agent")
        #expect(artifact.tags == ["login"])
        let raw = String(decoding: artifact.rawPayload, as: UTF8.self)
        #expect(!raw.contains("203.0.113.9") && !raw.contains("Berlin") && !raw.contains("\"metadata\""))
        #expect(raw.contains("已知问题 INC-42") && raw.contains("\"generated_timestamp\""))
    }

    @Test func theSyncMarkRoundTrips() throws {
        let mark = ZendeskSyncMark(cursor: "MTc5MTE5Mzk5MC4wfHw0NTEyMHw=", subdomain: "acme", email: nil)
        #expect(ZendeskSyncMark(encoded: mark.encoded) == mark)
        #expect(ZendeskSyncMark(encoded: "12345") == nil)
    }
}
