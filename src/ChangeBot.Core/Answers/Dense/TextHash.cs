using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ChangeBot.Core.Answers.Dense;

/// <summary>
/// The SHA-256 of a text a vector was computed from, as 32 bytes: the key a vector is found by in memory. The
/// stores keep it as lower-case hex (<see cref="ToString"/>), which as a key cost every vector a 64-character
/// string, more than the vector's own 384 bytes with its dictionary entry.
/// </summary>
internal readonly record struct TextHash(UInt128 High, UInt128 Low)
{
    private const int Bytes = 32;

    public static TextHash Of(string text)
    {
        Span<byte> digest = stackalloc byte[Bytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return new TextHash(BinaryPrimitives.ReadUInt128BigEndian(digest), BinaryPrimitives.ReadUInt128BigEndian(digest[16..]));
    }

    /// <summary>Reads what <see cref="ToString"/> wrote; false for anything else (no text hashes to it).</summary>
    public static bool TryParse(string hex, out TextHash hash)
    {
        hash = default;
        Span<byte> digest = stackalloc byte[Bytes];
        if (hex.Length != 2 * Bytes || Convert.FromHexString(hex, digest, out _, out var written) != OperationStatus.Done || written != Bytes)
        {
            return false;
        }

        hash = new TextHash(BinaryPrimitives.ReadUInt128BigEndian(digest), BinaryPrimitives.ReadUInt128BigEndian(digest[16..]));
        return true;
    }

    /// <summary>Lower-case hex of the 32 bytes, as the stores key vectors.</summary>
    public override string ToString()
    {
        Span<byte> digest = stackalloc byte[Bytes];
        BinaryPrimitives.WriteUInt128BigEndian(digest, High);
        BinaryPrimitives.WriteUInt128BigEndian(digest[16..], Low);
        return Convert.ToHexStringLower(digest);
    }
}
