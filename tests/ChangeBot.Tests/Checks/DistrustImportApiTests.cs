using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChangeBot.Tests.Api;

namespace ChangeBot.Tests.Checks;

public sealed class DistrustImportApiTests
{
    [Fact]
    public async Task PostNotice_AnnouncingTheDistrustedG5Root_IsStoredWithAWarning()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var ct = TestContext.Current.CancellationToken;
        const string notice = """
            ---
            id: symantec-root-move
            title: Endpoint moves to the VeriSign G5 root
            severity: action-required
            certificates:
              root:
                subject: VeriSign Class 3 Public Primary Certification Authority - G5
                sha256: 9ACFAB7E43C8D880D06B262A94DEEEE4B4659989C3D0CAF19BAF6405E41AB7DF
            ---
            ## What is changing
            The endpoint's chain moves to the VeriSign G5 root.
            """;

        var response = await client.PostAsync("/api/v1/notices", new StringContent(notice, Encoding.UTF8, "text/markdown"), ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var warning = Assert.Single(body.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.StartsWith("symantec-root-move: the notice announces 'VeriSign Class 3 Public Primary Certification Authority - G5'", warning, StringComparison.Ordinal);
        Assert.Contains("Mozilla since 2018-10-23", warning, StringComparison.Ordinal);
    }
}
