using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ChangeBot.Benchmarks.Abuse;

/// <summary>
/// The abuser: one conversation from one address, several loops posting 256 KB messages into it and several
/// polling its whole history (no watermark) as fast as the server answers. Counts the answers by status.
/// </summary>
internal sealed class WebChatFlooder
{
    public const int PostBytes = 256 * 1024;

    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Statuses => _statuses;

    public async Task RunAsync(HttpClient http, int posters, int pollers, CancellationToken stop)
    {
        var (id, token, _) = await WebChatVisitor.StartConversationAsync(http, stop);
        var body = Encoding.UTF8.GetBytes(
            "{\"type\":\"message\",\"from\":{\"id\":\"flood\"},\"text\":\"" + new string('x', PostBytes - 64) + "\"}");
        var loops = Enumerable.Range(0, posters).Select(_ => LoopAsync(http, stop, "POST", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{id}/activities")
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return request;
            }))
            .Concat(Enumerable.Range(0, pollers).Select(_ => LoopAsync(http, stop, "GET", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{id}/activities");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return request;
            })));
        await Task.WhenAll(loops);
    }

    private async Task LoopAsync(HttpClient http, CancellationToken stop, string kind, Func<HttpRequestMessage> next)
    {
        while (!stop.IsCancellationRequested)
        {
            using var request = next();
            string outcome;
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, stop);
                outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException ex)
            {
                // A server that refuses a large body may close the connection before reading it.
                outcome = ex.HttpRequestError.ToString();
            }

            _statuses.AddOrUpdate($"{kind} {outcome}", 1, (_, n) => n + 1);
        }
    }

    public static HttpClient Client(Uri server) =>
        WebChatVisitor.ClientFrom(IPAddress.Loopback, server);
}
