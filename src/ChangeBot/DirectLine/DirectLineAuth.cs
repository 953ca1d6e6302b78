using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ChangeBot.DirectLine;

internal enum CallerKind { Secret, Loopback, Token }

/// <summary>Who is calling: the secret holder, a trusted loopback client (no secret configured), or a token
/// holder bound to one conversation and maybe one user.</summary>
internal sealed record DirectLineCaller(CallerKind Kind, string? ConversationId = null, string? UserId = null)
{
    public bool MayUse(string conversationId) => Kind != CallerKind.Token || ConversationId == conversationId;
}

/// <summary>
/// Direct Line authentication. With <c>DirectLine:Secret</c> set: <c>Bearer &lt;secret&gt;</c> or a valid
/// token. Without it: only loopback clients, with no credential (directlinejs then sends
/// <c>Bearer undefined</c>) or with a token this process issued.
/// </summary>
internal sealed class DirectLineAuth(IOptions<DirectLineOptions> options, DirectLineTokens tokens, ILogger<DirectLineAuth> logger)
{
    private readonly byte[]? _secretHash = options.Value.Secret is { } s ? SHA256.HashData(Encoding.UTF8.GetBytes(s)) : null;

    public async Task<AuthOutcome> AuthenticateAsync(HttpContext context, string? credential)
    {
        if (_secretHash is null && !LoopbackRule.IsLoopbackClient(context))
        {
            DirectLineLog.Rejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", "not a loopback client");
            return AuthOutcome.Fail(DirectLineError.Forbidden(
                "Direct Line only serves loopback clients because DirectLine:Secret is not set."));
        }

        credential = credential?.Trim();
        var empty = string.IsNullOrEmpty(credential) || credential is "undefined" or "null";
        if (empty)
        {
            return _secretHash is null
                ? AuthOutcome.Ok(new DirectLineCaller(CallerKind.Loopback))
                : Unauthorized(context, "missing credential");
        }

        if (_secretHash is not null && FixedTimeEquals(credential!))
        {
            return AuthOutcome.Ok(new DirectLineCaller(CallerKind.Secret));
        }

        var check = await tokens.ValidateAsync(credential!);
        return check.Status switch
        {
            TokenStatus.Valid => AuthOutcome.Ok(new DirectLineCaller(CallerKind.Token, check.ConversationId, check.UserId)),
            TokenStatus.Expired => AuthOutcome.Fail(DirectLineError.TokenExpired()),
            _ => Unauthorized(context, "invalid secret or token"),
        };
    }

    /// <summary>The credential of a REST call: <c>Authorization: Bearer …</c>.</summary>
    public static string? BearerCredential(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..] : null;
    }

    private AuthOutcome Unauthorized(HttpContext context, string why)
    {
        DirectLineLog.Rejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", why);
        return AuthOutcome.Fail(DirectLineError.Unauthorized());
    }

    private bool FixedTimeEquals(string credential) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(credential)), _secretHash);
}

internal sealed record AuthOutcome(DirectLineCaller? Caller, IResult? Failure)
{
    public static AuthOutcome Ok(DirectLineCaller caller) => new(caller, null);

    public static AuthOutcome Fail(IResult failure) => new(null, failure);
}

/// <summary>What counts as a loopback client when no secret protects Direct Line.</summary>
internal static class LoopbackRule
{
    public static bool IsLoopbackClient(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (ip is null || !IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip))
        {
            return false;
        }

        // A local reverse proxy relays remote users from a loopback address: they are not local.
        var headers = context.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded"))
        {
            return false;
        }

        // A loopback connection for a non-loopback host name is a DNS-rebinding page in the local browser.
        return IsLoopbackHost(context.Request.Host.Host);
    }

    public static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>Browser pages from loopback origins only, so that no web site a local user visits can
    /// drive the credential-less channel through their browser.</summary>
    public static bool IsLoopbackOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackHost(uri.Host);
}
