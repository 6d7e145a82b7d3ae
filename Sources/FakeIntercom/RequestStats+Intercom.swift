public import FakeAPIKit

extension RequestStats {
    /// The overlap FakeIntercom watches: a list request that arrived while retrieves were being answered.
    static let listWhileRetrieve = Overlap(arriving: "list", inFlight: "retrieve")

    /// List requests that arrived while retrieves were being answered: a client that lists the next
    /// page while it fetches the current one.
    public var listsWhileRetrievesInFlight: Int {
        get { arrivalsWhileInFlight[Self.listWhileRetrieve, default: 0] }
        set { arrivalsWhileInFlight[Self.listWhileRetrieve] = newValue }
    }
}
