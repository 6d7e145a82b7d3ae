/// A support theme with the phrases its conversations are written from.
///
/// Phrases are HTML fragments (entities already escaped) with `{placeholders}` that
/// ``BodyWriter`` fills in: `{name}`, `{order}`, `{amount}`, `{invoice}`, `{date}`, `{code}`, `{admin}`.
struct Topic: Sendable {
    /// Tag name applied to some conversations of this topic.
    let tag: String
    /// Page of the product where such conversations start (`source.url`).
    let page: String
    let subjects: [String]
    let customerLines: [String]
    let agentLines: [String]
    let noteLines: [String]
}

extension Topic {
    static let all: [Topic] = [
        Topic(
            tag: "refund",
            page: "https://shop.example.com/account/orders",
            subjects: ["Refund request for order {order}", "Where is my refund?", "Charged twice &amp; need a refund"],
            customerLines: [
                "I returned order {order} two weeks ago but the refund of {amount} still hasn&#39;t arrived.",
                "My card was charged <b>twice</b> for the same purchase ({amount} each time).",
                "Could you please refund the difference? The discount code {code} didn&#39;t apply at checkout.",
                "The item arrived broken, so I&#39;d like my money back rather than a replacement.",
                "Your site says refunds take 5&ndash;7 business days, but it has been almost a month.",
            ],
            agentLines: [
                "I&#39;ve issued a refund of {amount} to your original payment method; it usually shows up within 5 business days.",
                "I can see the duplicate charge on order {order}, and I&#39;ve reversed it for you.",
                "You can track the status under <a href=\"https://shop.example.com/account/refunds\">Account → Refunds</a>.",
                "Our <a href=\"https://help.example.com/articles/4412-refund-policy\" target=\"_blank\">refund policy</a> covers returns within 30 days of delivery.",
                "The refund was processed on {date}; your bank may need a few more days to post it.",
            ],
            noteLines: [
                "Customer has had 3 refunds this year, check for abuse before approving more.",
                "Refund approved by finance, ticket FIN-{code}.",
            ]
        ),
        Topic(
            tag: "billing",
            page: "https://app.example.com/settings/billing",
            subjects: ["Invoice {invoice} is wrong", "VAT number missing on invoice", "Question about my bill"],
            customerLines: [
                "Invoice {invoice} shows {amount}, but our plan should only cost half of that.",
                "We need our VAT number added to the invoices for the accounting team.",
                "Can you resend the invoice for {date}? It never reached our finance mailbox.",
                "Why was I billed for 12 seats when we only have 9 active users?",
                "The PDF invoice shows the company name as &quot;Acme &amp; Sons&quot; instead of &quot;Acme and Sons Ltd&quot;.",
            ],
            agentLines: [
                "I&#39;ve regenerated invoice {invoice} with your VAT number; you can download it from <a href=\"https://app.example.com/settings/billing/invoices\">Billing → Invoices</a>.",
                "Seats are billed on the highest number of active users during the billing period.",
                "I&#39;ve applied a credit of {amount} to your next invoice.",
                "Invoices are emailed to the billing contact; you can change it under <b>Settings → Billing</b>.",
                "The tax line is calculated from your billing address, so updating it fixes future invoices.",
            ],
            noteLines: [
                "Looks like a proration bug from the plan change on {date}; linked to BILL-{code}.",
                "Finance confirmed the credit note, nothing else needed.",
            ]
        ),
        Topic(
            tag: "login",
            page: "https://app.example.com/login",
            subjects: ["Can&#39;t log in", "Locked out of my account", "Password reset email never arrives"],
            customerLines: [
                "I can&#39;t log in since this morning, it just says <i>&quot;Invalid credentials&quot;</i>.",
                "The password reset email never arrives, I checked spam too.",
                "My account got locked after too many attempts. Can you unlock it?",
                "Single sign-on with Google redirects me back to the login page in a loop.",
                "I lost my phone and can&#39;t get the two-factor code anymore.",
            ],
            agentLines: [
                "I&#39;ve unlocked your account; please try logging in again in a few minutes.",
                "Reset emails come from <code>no-reply@example.com</code>, could you check whether it&#39;s blocked by your mail filter?",
                "I&#39;ve disabled two-factor authentication so you can log in and set it up again on your new phone.",
                "Clearing cookies for <a href=\"https://app.example.com\">app.example.com</a> usually fixes the SSO redirect loop.",
                "For security reasons I need to verify a few details before changing the login email.",
            ],
            noteLines: [
                "Verified identity via the last 4 digits of the card on file.",
                "Second login issue this week from this domain, possibly their proxy stripping cookies.",
            ]
        ),
        Topic(
            tag: "shipping",
            page: "https://shop.example.com/track",
            subjects: ["Package hasn&#39;t arrived", "Shipping delay on {order}", "Wrong delivery address"],
            customerLines: [
                "My package for order {order} was due on {date} and still hasn&#39;t arrived.",
                "Tracking has said &quot;in transit&quot; for 9 days now 🚚",
                "I entered the wrong delivery address, can you change it before it ships?",
                "The courier marked it as delivered but there&#39;s nothing at my door.",
                "Do you ship to Ireland 🇮🇪? Checkout only offers UK addresses.",
            ],
            agentLines: [
                "I&#39;ve contacted the courier and opened an investigation for order {order}.",
                "Your parcel is held at the local depot; you can pick it up or rebook delivery <a href=\"https://shop.example.com/track\">here</a>.",
                "I&#39;ve updated the delivery address; the label will be reprinted before dispatch.",
                "I&#39;m sending a replacement by express shipping at no extra cost.",
                "Deliveries to your region currently take 7&ndash;10 business days.",
            ],
            noteLines: [
                "Courier claim opened, ref CLM-{code}.",
                "Warehouse confirms the parcel left on {date}.",
            ]
        ),
        Topic(
            tag: "api",
            page: "https://developers.example.com/docs",
            subjects: ["API returns 500 errors", "Rate limited by the API", "Webhook signature mismatch"],
            customerLines: [
                "Since {date} every call to <code>POST /v1/payments</code> returns <code>500 Internal Server Error</code>.",
                "We keep hitting <code>429 Too Many Requests</code> even though we send fewer than 10 requests per second.",
                "The API returns <code>{&quot;error&quot;:&quot;invalid_token&quot;}</code> for a token we created an hour ago.",
                "Pagination seems broken: the cursor from page 3 returns the same items as page 2.",
                "Our integration times out after 30 seconds on the <code>/exports</code> endpoint.",
            ],
            agentLines: [
                "We had an incident affecting the payments API on {date}; it&#39;s resolved now, see our <a href=\"https://status.example.com\">status page</a>.",
                "The limit is 100 requests per 10 seconds per token; the <code>X-RateLimit-Remaining</code> header tells you how many are left.",
                "Tokens are scoped per workspace, so a token from the sandbox won&#39;t work in production.",
                "I&#39;ve passed the request id to our engineers and they&#39;re looking into the pagination issue.",
                "Large exports run asynchronously: create the job, then poll <code>GET /exports/{code}</code> until it completes.",
            ],
            noteLines: [
                "Engineering ticket API-{code} opened with the request ids.",
                "Customer is on the legacy API version, suggested upgrading.",
            ]
        ),
        Topic(
            tag: "churn-risk",
            page: "https://app.example.com/settings/subscription",
            subjects: ["Cancel my subscription", "Downgrade to the free plan", "Stop auto-renewal"],
            customerLines: [
                "Please cancel our subscription at the end of the current term.",
                "We&#39;d like to downgrade from the &quot;Pro&quot; plan to &quot;Starter&quot;.",
                "I was charged {amount} for a renewal I didn&#39;t want; auto-renew should have been off.",
                "We&#39;re moving to another tool, how do we export our data before cancelling?",
                "The cancel button in settings doesn&#39;t do anything.",
            ],
            agentLines: [
                "I&#39;m sorry to see you go! I&#39;ve scheduled the cancellation for the end of your billing period.",
                "Before you cancel: we can offer 3 months at 50% off if that helps.",
                "I&#39;ve switched your workspace to the Starter plan; the change takes effect on {date}.",
                "Auto-renewal is now off, and I&#39;ve refunded the renewal charge of {amount}.",
                "You can export everything from <b>Settings → Data → Export</b> before the account closes.",
            ],
            noteLines: [
                "Churn reason: price. Offered retention discount.",
                "Account manager notified about the cancellation.",
            ]
        ),
        Topic(
            tag: "returns",
            page: "https://shop.example.com/returns",
            subjects: ["Item arrived damaged", "Return label request", "Wrong size delivered"],
            customerLines: [
                "The mug in order {order} arrived in pieces 😢",
                "I received size M instead of L, can I exchange it?",
                "How do I get a return label? The link in the email is expired.",
                "The box was crushed &amp; the screen has a crack across the corner.",
                "Can I return an item I bought on sale?",
            ],
            agentLines: [
                "I&#39;m so sorry about that! I&#39;ve sent a replacement, no need to return the damaged one.",
                "Here is your prepaid return label: <a href=\"https://shop.example.com/returns/label/{code}\">download label</a>.",
                "Exchanges are free; once we scan the return we ship the new size right away.",
                "Sale items can be returned within 14 days as long as they&#39;re unused.",
                "Could you send a photo of the damage so I can file the claim with the courier?",
            ],
            noteLines: [
                "Photo received, damage confirmed.",
                "Replacement shipped, tracking in the order notes.",
            ]
        ),
        Topic(
            tag: "privacy",
            page: "https://app.example.com/settings/privacy",
            subjects: ["GDPR data export", "Delete my personal data", "Data processing agreement"],
            customerLines: [
                "Under GDPR I&#39;d like a copy of all personal data you hold about me.",
                "Please delete my account and all associated personal data.",
                "Our legal team needs a signed data processing agreement (DPA).",
                "Where is our data hosted? We need it to stay in the EU 🇪🇺.",
                "Who are your sub-processors?",
            ],
            agentLines: [
                "I&#39;ve started the export; you&#39;ll receive a download link by email within 48 hours.",
                "Your deletion request is scheduled; all data will be removed within 30 days.",
                "You can sign our DPA online at <a href=\"https://example.com/legal/dpa\">example.com/legal/dpa</a>.",
                "EU workspaces are hosted in Frankfurt and Dublin.",
                "The list of sub-processors is on our <a href=\"https://example.com/legal/subprocessors\">legal page</a>.",
            ],
            noteLines: [
                "Identity verified, forwarded to the privacy team (PRIV-{code}).",
                "Deletion queued, confirm with the customer after 30 days.",
            ]
        ),
        Topic(
            tag: "integrations",
            page: "https://app.example.com/integrations",
            subjects: ["Slack integration stopped working", "Zapier trigger not firing", "Salesforce sync errors"],
            customerLines: [
                "The Slack integration stopped posting notifications on {date}.",
                "Our Zapier trigger for new orders hasn&#39;t fired since yesterday.",
                "The Salesforce sync shows <code>FIELD_CUSTOM_VALIDATION_EXCEPTION</code> for half of our contacts.",
                "Webhooks are delivered twice for every event.",
                "Is there an integration with Microsoft Teams?",
            ],
            agentLines: [
                "The Slack token was revoked; reconnecting the app under <b>Integrations</b> fixes it.",
                "Webhooks can be delivered more than once, so please deduplicate on the <code>event_id</code> field.",
                "The Salesforce error comes from a validation rule on your side; the field mapping needs updating.",
                "I&#39;ve re-enabled the Zapier trigger; it had been paused after repeated failures.",
                "A Teams integration is on our roadmap, I&#39;ve added your vote.",
            ],
            noteLines: [
                "Known issue INT-{code}, workaround sent.",
                "Feature request logged for the Teams integration.",
            ]
        ),
        Topic(
            tag: "bug",
            page: "https://app.example.com/dashboard",
            subjects: ["App crashes on startup", "Dashboard not loading", "Export button broken"],
            customerLines: [
                "The iOS app crashes as soon as I open it since the last update.",
                "The dashboard just shows a spinner forever in Safari.",
                "When I click <b>Export CSV</b> nothing happens.",
                "Characters like &lt;, &gt; and &amp; show up as HTML entities in the report titles.",
                "Emoji in customer names break the search results 👩‍💻",
            ],
            agentLines: [
                "Thanks for the report! Our engineers found the bug and a fix ships in version 4.2.1.",
                "Could you try a hard refresh (<code>Cmd+Shift+R</code>) and let me know if the dashboard loads?",
                "I reproduced the export problem and filed it with engineering.",
                "A workaround until the fix ships: use the export from <b>Reports → Download</b>.",
                "The fix is live now, please update the app from the App Store.",
            ],
            noteLines: [
                "Bug BUG-{code} linked, affects Safari 17 only.",
                "Crash logs attached to the engineering ticket.",
            ]
        ),
        Topic(
            tag: "sales",
            page: "https://example.com/pricing",
            subjects: ["Question about Enterprise pricing", "Nonprofit discount?", "Upgrade to annual billing"],
            customerLines: [
                "What does the Enterprise plan cost for about 250 users?",
                "Do you offer a discount for nonprofits or schools?",
                "We&#39;d like to switch to annual billing, is there a discount?",
                "Can we get a trial extension? We need two more weeks to evaluate.",
                "Does the Pro plan include SSO?",
            ],
            agentLines: [
                "Annual billing saves 20%; I can switch you over today.",
                "Nonprofits get 50% off any plan, just send us your registration details.",
                "I&#39;ve extended your trial until {date}.",
                "SSO is part of the Enterprise plan; here&#39;s the <a href=\"https://example.com/pricing#enterprise\">comparison</a>.",
                "I&#39;ll connect you with our sales team for a custom Enterprise quote.",
            ],
            noteLines: [
                "Qualified lead, passed to sales.",
                "Trial extended once already.",
            ]
        ),
    ]
}
