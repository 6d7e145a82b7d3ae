// The connector-neutral machinery (fault injection, request counts, …) lives in FakeAPIKit;
// re-exported so that users of FakeZendesk see it under `import FakeZendesk`.
@_exported public import FakeAPIKit
