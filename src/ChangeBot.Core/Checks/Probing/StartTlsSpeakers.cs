using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Text;

namespace ChangeBot.Core.Checks;

/// <summary>Protocols whose TLS starts inside a plain-text session (<c>smtp://</c>, <c>imap://</c>,
/// <c>pop3://</c>, <c>ldap://</c>, <c>postgres://</c>); <see cref="None"/> is TLS from the first byte.</summary>
public enum StartTlsProtocol
{
    None,
    Smtp,
    Imap,
    Pop3,
    Ldap,
    Postgres,
}

/// <summary>
/// The few plain-text exchanges that ask a server to start TLS on the open connection, just enough to
/// reach the handshake: SMTP <c>EHLO</c>/<c>STARTTLS</c> (RFC 3207), IMAP <c>STARTTLS</c> (RFC 9051),
/// POP3 <c>STLS</c> (RFC 2595), the LDAP StartTLS extended operation (RFC 4511 §4.14) and PostgreSQL's
/// <c>SSLRequest</c>. Every read is bounded, so a server that talks forever cannot hold the check.
/// </summary>
internal static class StartTlsSpeakers
{
    public const int MaxLineBytes = 1024;
    public const int MaxLines = 64;
    private const string LdapStartTlsOid = "1.3.6.1.4.1.1466.20037";
    private const int PostgresSslRequestCode = 80877103;

    public static (string Scheme, int DefaultPort)[] Schemes { get; } =
        [("smtp", 25), ("imap", 143), ("pop3", 110), ("ldap", 389), ("postgres", 5432), ("postgresql", 5432)];

    public static StartTlsProtocol FromScheme(string scheme) => scheme.ToLowerInvariant() switch
    {
        "smtp" => StartTlsProtocol.Smtp,
        "imap" => StartTlsProtocol.Imap,
        "pop3" => StartTlsProtocol.Pop3,
        "ldap" => StartTlsProtocol.Ldap,
        "postgres" or "postgresql" => StartTlsProtocol.Postgres,
        _ => StartTlsProtocol.None,
    };

    /// <summary>Null when the server agreed to start TLS; otherwise what it said instead.</summary>
    public static async Task<string?> NegotiateAsync(StartTlsProtocol protocol, Stream stream, CancellationToken ct) => protocol switch
    {
        StartTlsProtocol.Smtp => await SmtpAsync(stream, ct),
        StartTlsProtocol.Imap => await ImapAsync(stream, ct),
        StartTlsProtocol.Pop3 => await Pop3Async(stream, ct),
        StartTlsProtocol.Ldap => await LdapAsync(stream, ct),
        StartTlsProtocol.Postgres => await PostgresAsync(stream, ct),
        _ => null,
    };

    private static async Task<string?> SmtpAsync(Stream stream, CancellationToken ct)
    {
        var greeting = await ReplyAsync(stream, ct);
        if (!greeting[^1].StartsWith("220", StringComparison.Ordinal))
        {
            return $"the SMTP server greeted with '{greeting[^1]}'";
        }

        await WriteAsync(stream, "EHLO changebot.invalid\r\n", ct);
        var ehlo = await ReplyAsync(stream, ct);
        if (!ehlo[^1].StartsWith("250", StringComparison.Ordinal) || !ehlo.Any(l => l.Length > 4 && l[4..].StartsWith("STARTTLS", StringComparison.OrdinalIgnoreCase)))
        {
            return "the SMTP server does not offer STARTTLS";
        }

        await WriteAsync(stream, "STARTTLS\r\n", ct);
        var ready = await ReplyAsync(stream, ct);
        return ready[^1].StartsWith("220", StringComparison.Ordinal) ? null : $"the SMTP server answered STARTTLS with '{ready[^1]}'";
    }

    /// <summary>An SMTP reply: lines "ddd-text" then a last "ddd text".</summary>
    private static async Task<List<string>> ReplyAsync(Stream stream, CancellationToken ct)
    {
        var lines = new List<string>();
        do
        {
            lines.Add(await LineAsync(stream, ct));
        }
        while (lines[^1].Length > 3 && lines[^1][3] == '-' && lines.Count < MaxLines);

        return lines;
    }

    private static async Task<string?> ImapAsync(Stream stream, CancellationToken ct)
    {
        var greeting = await LineAsync(stream, ct);
        if (!greeting.StartsWith("* OK", StringComparison.OrdinalIgnoreCase))
        {
            return $"the IMAP server greeted with '{greeting}'";
        }

        await WriteAsync(stream, "c1 STARTTLS\r\n", ct);
        for (var i = 0; i < MaxLines; i++)
        {
            var line = await LineAsync(stream, ct);
            if (line.StartsWith("c1 ", StringComparison.Ordinal))
            {
                return line.StartsWith("c1 OK", StringComparison.OrdinalIgnoreCase) ? null : $"the IMAP server answered STARTTLS with '{line}'";
            }
        }

        return "the IMAP server never answered STARTTLS";
    }

    private static async Task<string?> Pop3Async(Stream stream, CancellationToken ct)
    {
        var greeting = await LineAsync(stream, ct);
        if (!greeting.StartsWith("+OK", StringComparison.Ordinal))
        {
            return $"the POP3 server greeted with '{greeting}'";
        }

        await WriteAsync(stream, "STLS\r\n", ct);
        var answer = await LineAsync(stream, ct);
        return answer.StartsWith("+OK", StringComparison.Ordinal) ? null : $"the POP3 server answered STLS with '{answer}'";
    }

    private static async Task<string?> LdapAsync(Stream stream, CancellationToken ct)
    {
        var request = new AsnWriter(AsnEncodingRules.DER);
        using (request.PushSequence())
        {
            request.WriteInteger(1);
            using (request.PushSequence(new Asn1Tag(TagClass.Application, 23, isConstructed: true)))
            {
                request.WriteOctetString(Encoding.ASCII.GetBytes(LdapStartTlsOid), new Asn1Tag(TagClass.ContextSpecific, 0));
            }
        }

        await stream.WriteAsync(request.Encode(), ct);
        var response = await BerMessageAsync(stream, ct);
        try
        {
            var message = new AsnReader(response, AsnEncodingRules.BER).ReadSequence();
            message.ReadInteger();
            var extended = message.ReadSequence(new Asn1Tag(TagClass.Application, 24, isConstructed: true));
            var code = extended.ReadEnumeratedBytes().Span;
            return code.Length == 1 && code[0] == 0 ? null : $"the LDAP server refused StartTLS (result code {Convert.ToHexString(code)})";
        }
        catch (AsnContentException)
        {
            return "the LDAP server's answer to StartTLS is not an extended response";
        }
    }

    /// <summary>One BER element (an LDAP message), at most <see cref="MaxLineBytes"/> * 16 bytes.</summary>
    private static async Task<byte[]> BerMessageAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte> { await ByteAsync(stream, ct), await ByteAsync(stream, ct) };
        var length = (int)head[1];
        if ((head[1] & 0x80) != 0)
        {
            var count = head[1] & 0x7F;
            if (count is 0 or > 3)
            {
                throw new IOException("the LDAP server sent an unbounded or oversized message");
            }

            length = 0;
            for (var i = 0; i < count; i++)
            {
                var b = await ByteAsync(stream, ct);
                head.Add(b);
                length = (length << 8) | b;
            }
        }

        if (length > MaxLineBytes * 16)
        {
            throw new IOException($"the LDAP server's answer is {length} bytes long");
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, ct);
        return [.. head, .. body];
    }

    private static async Task<string?> PostgresAsync(Stream stream, CancellationToken ct)
    {
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), PostgresSslRequestCode);
        await stream.WriteAsync(request, ct);
        var answer = await ByteAsync(stream, ct);
        return answer == (byte)'S' ? null : "the PostgreSQL server does not accept TLS (it answered the SSLRequest with 'N')";
    }

    private static async Task<string> LineAsync(Stream stream, CancellationToken ct)
    {
        var line = new List<byte>();
        while (true)
        {
            var b = await ByteAsync(stream, ct);
            if (b == '\n')
            {
                return Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            }

            if (line.Count >= MaxLineBytes)
            {
                throw new IOException($"the server sent a line longer than {MaxLineBytes} bytes before TLS");
            }

            line.Add(b);
        }
    }

    /// <summary>Byte by byte: nothing after the server's answer may be consumed, it belongs to TLS.</summary>
    private static async Task<byte> ByteAsync(Stream stream, CancellationToken ct)
    {
        var one = new byte[1];
        return await stream.ReadAsync(one, ct) == 1 ? one[0] : throw new IOException("the server closed the connection before TLS started");
    }

    private static Task WriteAsync(Stream stream, string text, CancellationToken ct) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct).AsTask();
}
