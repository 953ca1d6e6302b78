using System.Text;
using Microsoft.Extensions.Options;

namespace ChangeBot.Slack.Inbound;

/// <summary>
/// Reads a Slack request's raw body once and verifies its signature before anything parses it.
/// Every Slack HTTP endpoint goes through here; a failure is a bare 401 and a log line.
/// </summary>
internal sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackRequestVerifier> logger)
{
    /// <summary>Slack payloads are small; anything bigger is not from Slack.</summary>
    public const int MaxBodyBytes = 1 << 20;

    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.Value.SigningSecret ?? "");

    /// <summary>The verified raw body, or the status code to reject the request with.</summary>
    public async Task<(byte[]? Body, int Status)> ReadVerifiedAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is > MaxBodyBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        var body = await BoundedBodyReader.ReadAsync(request.Body, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        var check = _secret.Length == 0
            ? SignatureCheck.Mismatch
            : SlackSignature.Verify(_secret, request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body, time.GetUtcNow());
        if (check == SignatureCheck.Valid)
        {
            return (body, StatusCodes.Status200OK);
        }

        SlackLog.RequestRejected(logger, request.Path, check, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return (null, StatusCodes.Status401Unauthorized);
    }
}
