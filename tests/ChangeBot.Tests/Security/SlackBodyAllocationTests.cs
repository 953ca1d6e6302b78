using System.Net;
using System.Net.Http.Headers;
using ChangeBot.Slack.Inbound;
using ChangeBot.Slack;
using ChangeBot.Tests.Slack;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChangeBot.Tests.Security;

/// <summary>
/// Issue 14 item 7: a Slack request's claimed Content-Length must not decide what the server allocates
/// before the signature is checked; only bytes that arrive are buffered, up to the limit.
/// </summary>
public sealed class SlackBodyAllocationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ClaimedMebibyte_WithFewBytesSent_AllocatesKilobytesNotTheClaim()
    {
        var verifier = new SlackRequestVerifier(Options.Create(new SlackOptions { SigningSecret = SlackTestApp.SigningSecret }),
            TimeProvider.System, NullLogger<SlackRequestVerifier>.Instance);
        long AllocatedByOneRequest()
        {
            var context = new DefaultHttpContext();
            context.Request.ContentLength = SlackRequestVerifier.MaxBodyBytes;
            context.Request.Body = new MemoryStream("{\"type\":"u8.ToArray());
            var before = GC.GetAllocatedBytesForCurrentThread();
            // A MemoryStream completes reads synchronously, so the whole read runs on this thread.
            var (_, status) = verifier.ReadVerifiedAsync(context).GetAwaiter().GetResult();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(StatusCodes.Status401Unauthorized, status);
            return allocated;
        }

        AllocatedByOneRequest(); // first call pays for JIT and pool set-up
        var allocated = AllocatedByOneRequest();

        Assert.True(allocated < 64 * 1024, $"a request claiming 1 MiB and sending 8 bytes allocated {allocated} bytes");
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_IsRefusedWith413_AndAnExactLimitBodyIsRead()
    {
        await using var t = await SlackTestApp.StartAsync();

        var over = await PostChunkedAsync(t, SlackRequestVerifier.MaxBodyBytes + 1);
        var exact = await PostChunkedAsync(t, SlackRequestVerifier.MaxBodyBytes);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        // Read in full and signature-checked: a JSON-padded body of exactly the limit gets past the reader.
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
    }

    /// <summary>A signed url_verification padded with spaces to <paramref name="size"/> bytes, sent without a Content-Length.</summary>
    private static Task<HttpResponseMessage> PostChunkedAsync(SlackTestApp t, int size)
    {
        var json = "{\"type\":\"url_verification\",\"challenge\":\"c\"}"u8.ToArray();
        var body = new byte[size];
        Array.Fill(body, (byte)' ');
        json.CopyTo(body, 0);
        var ts = SlackTestApp.Now;
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/events") { Content = new StreamContent(new UnseekableStream(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", SlackTestApp.Sign(SlackTestApp.SigningSecret, ts, body));
        return t.Client.SendAsync(request, Ct);
    }

    /// <summary>Hides the length so the client cannot send a Content-Length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
