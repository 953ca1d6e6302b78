using System.Diagnostics;
using System.Runtime.InteropServices;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Testing;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>Freed C heap memory below a block still in use stays resident until it is handed back (glibc).</summary>
public sealed class NativeHeapTests
{
    private const int Blocks = 2_000;
    private const int BlockBytes = 16 * 1024;

    [Fact]
    public void Release_FreedBlocksBelowOneInUse_AreNoLongerResident()
    {
        Prerequisite.Require(
            OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "malloc_trim", out _),
            "needs Linux with glibc (malloc_trim)");
        // Small blocks come from the heap itself (not a mapping of their own), written so their pages are resident.
        var blocks = new nint[Blocks];
        var ones = Enumerable.Repeat((byte)1, BlockBytes).ToArray();
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            Marshal.Copy(ones, 0, blocks[i], BlockBytes);
        }

        try
        {
            for (var i = 0; i < Blocks - 1; i++)
            {
                Marshal.FreeHGlobal(blocks[i]);
            }

            var freed = Resident();
            NativeHeap.Release();
            var released = Resident();

            // 31 MB were freed; most of it must leave (other tests allocate meanwhile, so not all of it).
            Assert.True(freed - released > 16L << 20, $"resident {freed >> 20} MB before, {released >> 20} MB after");
        }
        finally
        {
            Marshal.FreeHGlobal(blocks[^1]);
        }
    }

    private static long Resident()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
