import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's zstd library, loaded the first time a value is compressed or read. Every Debian and
/// Ubuntu system has it (`libzstd1`: `dpkg` itself pre-depends on it), so the store asks for it at
/// run time instead of needing its development headers to build. Where it cannot be loaded, ``shared``
/// is nil: the store then writes zlib, and only values written as zstd elsewhere cannot be read.
///
/// At its fastest standard level (1) zstd compresses the store's values 3–4 times faster than zlib at
/// its fastest, and a little smaller (measured on the benchmark's real-world conversations, see
/// `docs/benchmarks.md`).
final class Zstd: Sendable {
    typealias CreateContext = @convention(c) () -> OpaquePointer?
    typealias FreeContext = @convention(c) (OpaquePointer?) -> Int
    typealias CompressWithContext =
        @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int, Int32) -> Int
    typealias CompressBound = @convention(c) (Int) -> Int
    typealias Decompress = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int) -> Int
    typealias IsError = @convention(c) (Int) -> UInt32
    typealias ErrorName = @convention(c) (Int) -> UnsafePointer<CChar>?
    typealias VersionNumber = @convention(c) () -> UInt32

    /// The library's file names, most specific first.
    static let fileNames = ["libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dylib"]

    static let shared: Zstd? = fileNames.lazy.compactMap { Zstd(fileName: $0) }.first

    let createContext: CreateContext
    let freeContext: FreeContext
    let compressWithContext: CompressWithContext
    let compressBound: CompressBound
    let decompress: Decompress
    let isError: IsError
    let errorName: ErrorName
    /// The library's version, e.g. 10504 for 1.5.4.
    let version: UInt32

    private init?(fileName: String) {
        guard let handle = dlopen(fileName, RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<Function>(_ name: String, as type: Function.Type) -> Function? {
            dlsym(handle, name).map { unsafeBitCast($0, to: type) }
        }
        guard
            let createContext = symbol("ZSTD_createCCtx", as: CreateContext.self),
            let freeContext = symbol("ZSTD_freeCCtx", as: FreeContext.self),
            let compressWithContext = symbol("ZSTD_compressCCtx", as: CompressWithContext.self),
            let compressBound = symbol("ZSTD_compressBound", as: CompressBound.self),
            let decompress = symbol("ZSTD_decompress", as: Decompress.self),
            let isError = symbol("ZSTD_isError", as: IsError.self),
            let errorName = symbol("ZSTD_getErrorName", as: ErrorName.self),
            let versionNumber = symbol("ZSTD_versionNumber", as: VersionNumber.self)
        else {
            dlclose(handle)
            return nil
        }
        // Levels, `ZSTD_compressCCtx` and the frame format are stable since 1.0.
        guard versionNumber() >= 10_000 else {
            dlclose(handle)
            return nil
        }
        self.createContext = createContext
        self.freeContext = freeContext
        self.compressWithContext = compressWithContext
        self.compressBound = compressBound
        self.decompress = decompress
        self.isError = isError
        self.errorName = errorName
        self.version = versionNumber()
    }

    func message(_ code: Int) -> String {
        errorName(code).map { String(cString: $0) } ?? "error \(code)"
    }

    /// Inflates `input` into exactly `size` bytes, or throws.
    func decompress(_ input: UnsafeRawBufferPointer, size: Int) throws -> Data {
        var output = Data(count: size)
        let produced = output.withUnsafeMutableBytes { buffer in
            decompress(buffer.baseAddress, size, input.baseAddress, input.count)
        }
        guard isError(produced) == 0 else { throw ZstdError(message: message(produced)) }
        guard produced == size else { throw ZstdError(message: "decompressed to \(produced) bytes instead of \(size)") }
        return output
    }
}

/// One zstd compression context, reused for every value it compresses: setting one up for each value
/// cost about a quarter of compressing it. Not for concurrent use; the store makes one per batch.
final class ZstdCompressor {
    /// zstd's fastest standard level.
    static let level: Int32 = 1

    let library: Zstd
    private let context: OpaquePointer

    init(library: Zstd) throws {
        guard let context = library.createContext() else {
            throw ZstdError(message: "could not create a compression context (out of memory)")
        }
        self.library = library
        self.context = context
    }

    deinit {
        _ = library.freeContext(context)
    }

    func compress(_ input: UnsafeRawBufferPointer) throws -> Data {
        let bound = library.compressBound(input.count)
        guard let output = malloc(max(bound, 1)) else {
            throw ZstdError(message: "could not allocate \(bound) bytes")
        }
        let written = library.compressWithContext(
            context,
            output,
            bound,
            input.baseAddress,
            input.count,
            Self.level
        )
        guard library.isError(written) == 0 else {
            free(output)
            throw ZstdError(message: library.message(written))
        }
        // Give back what the worst case reserved; shrinking in place does not copy.
        let fitted = realloc(output, max(written, 1)) ?? output
        return Data(bytesNoCopy: fitted, count: written, deallocator: .free)
    }
}

struct ZstdError: Error, CustomStringConvertible {
    var message: String
    var description: String { "zstd: \(message)" }
}
