import Foundation
import GRDB
import GRDBSQLite

/// `ingest_rank(artifacts_fts, weight…)`: FTS5's bm25 (k1 = 1.2, b = 0.75, one weight per column,
/// scores negative so that smaller is better) without the whole-index pass that a query with one
/// phrase does not need.
///
/// bm25 weighs each phrase of a query by its inverse document frequency, and FTS5 finds that by
/// visiting every document the phrase occurs in, once per query: 3 ms for a word in nearly every one
/// of 100,000 conversations, 5 ms for a phrase of two common words — more than ranking the 500
/// candidates themselves. With one phrase the weight multiplies every score alike and cannot change
/// the order, so this function leaves it at 1; with several phrases it counts the documents as
/// bm25 does. The order of the results is bm25's in both cases (tested against `bm25()`).
enum SearchRank {
    static let name = "ingest_rank"

    /// Registers the function on `db` (each connection has its own FTS5 API).
    static func register(on db: Database) {
        let api = FTS5.api(db)
        // Fails only when out of memory; a search then fails with "no such function".
        _ = api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), name, nil, rank, nil)
    }
}

private let k1 = 1.2
private let b = 0.75

/// Counts the documents `xQueryPhrase` visits.
private let countDocument:
    @convention(c) (UnsafePointer<Fts5ExtensionApi>?, OpaquePointer?, UnsafeMutableRawPointer?) -> Int32 = {
        _,
        _,
        count in
        count?.assumingMemoryBound(to: Int64.self).pointee += 1
        return SQLITE_OK
    }

private let freeAuxiliaryData: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
    free(pointer)
}

/// The query's figures, computed at its first row and kept with it: the average document length in
/// tokens, then each phrase's weight.
private func queryData(_ api: Fts5ExtensionApi, _ fts: OpaquePointer?, phrases: Int) -> UnsafeMutablePointer<Double>? {
    if let kept = api.xGetAuxdata(fts, 0) { return kept.assumingMemoryBound(to: Double.self) }
    var rows: Int64 = 0
    var tokens: Int64 = 0
    guard api.xRowCount(fts, &rows) == SQLITE_OK, api.xColumnTotalSize(fts, -1, &tokens) == SQLITE_OK,
        let raw = malloc(MemoryLayout<Double>.stride * (phrases + 1))
    else { return nil }
    let data = raw.assumingMemoryBound(to: Double.self)
    data[0] = rows > 0 ? Double(tokens) / Double(rows) : 1
    // One phrase: its weight scales every score alike, so it is left at 1 (no pass over the index).
    if phrases == 1 { data[1] = 1 }
    for phrase in 0..<phrases where phrases > 1 {
        var hits: Int64 = 0
        guard api.xQueryPhrase(fts, Int32(phrase), &hits, countDocument) == SQLITE_OK else {
            free(raw)
            return nil
        }
        let idf = log((Double(rows) - Double(hits) + 0.5) / (Double(hits) + 0.5))
        data[phrase + 1] = idf > 0 ? idf : 1e-6
    }
    guard api.xSetAuxdata(fts, raw, freeAuxiliaryData) == SQLITE_OK else { return nil }
    return data
}

private let rank:
    @convention(c) (
        UnsafePointer<Fts5ExtensionApi>?, OpaquePointer?, OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?
    ) -> Void = { apiPointer, fts, context, valueCount, values in
        guard let api = apiPointer?.pointee else { return }
        let phrases = Int(api.xPhraseCount(fts))
        guard phrases > 0, let data = queryData(api, fts, phrases: phrases) else {
            sqlite3_result_error(context, "ingest_rank could not read the full-text index", -1)
            return
        }
        var instances: Int32 = 0
        var tokens: Int32 = 0
        guard api.xInstCount(fts, &instances) == SQLITE_OK, api.xColumnSize(fts, -1, &tokens) == SQLITE_OK else {
            sqlite3_result_error(context, "ingest_rank could not read the full-text index", -1)
            return
        }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: phrases) { frequency in
            frequency.initialize(repeating: 0)
            for instance in 0..<instances {
                var phrase: Int32 = 0
                var column: Int32 = 0
                var offset: Int32 = 0
                guard api.xInst(fts, instance, &phrase, &column, &offset) == SQLITE_OK else { continue }
                let weight = column < valueCount ? sqlite3_value_double(values?[Int(column)]) : 1
                frequency[Int(phrase)] += weight
            }
            let length = Double(tokens)
            var score = 0.0
            for phrase in 0..<phrases {
                let f = frequency[phrase]
                score += data[phrase + 1] * ((f * (k1 + 1)) / (f + k1 * (1 - b + b * length / data[0])))
            }
            sqlite3_result_double(context, -score)
        }
    }
