using System.Buffers;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// Reads a request body into a pooled buffer that grows with the bytes that actually arrive, never with
/// the length the client claims: a slow client announcing 1 MiB and sending a few bytes holds a few
/// kilobytes, and Kestrel's minimum request body data rate (left on) ends it.
/// </summary>
internal static class BoundedBodyReader
{
    private const int InitialBytes = 4 * 1024;

    /// <summary>The body's bytes, or null when it is longer than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, int limit, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBytes);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                // Reading one byte past the limit tells "exactly the limit" from "too long".
                var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit + 1) - length), ct);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
