using System.Runtime.InteropServices;

namespace ChangeBot.Core.Answers.Dense;

/// <summary>
/// Hands the C heap's free pages back to the operating system. Loading a model, ONNX Runtime repacks its weights
/// and frees the originals, but glibc keeps freed memory in the middle of its heap resident: about 15 MB of
/// resident memory held nothing (tests/ChangeBot.Benchmarks/README.md, answers-memory). Elsewhere a no-op.
/// </summary>
internal static class NativeHeap
{
    /// <summary>Releases what can be released; never throws (a C library without <c>malloc_trim</c>, such as musl, keeps it).</summary>
    public static void Release()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: nothing to release this way.
        }
    }

    // DllImport, not LibraryImport: the signature is blittable, and LibraryImport would need unsafe code in Core.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
