using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace ChangeBot.Tests.BotFramework;

/// <summary>manifests/teams holds a Teams app package source that Teams accepts (docs/platforms.md#teams-app-package).</summary>
public sealed class TeamsManifestTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "manifests", "teams");
    private static readonly string[] SpecCommands =
        ["help", "subscribe", "unsubscribe", "subscriptions", "notices", "notice", "check", "ack", "publish", "update", "reschedule", "cancel", "readiness", "unanswered"];

    private static JsonNode Manifest => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!;

    [Fact]
    public void Manifest_RequiredFields_ArePresentAndWithinLimits()
    {
        var manifest = Manifest;
        var version = (string)manifest["manifestVersion"]!;
        Assert.Contains($"/v{version}/", (string)manifest["$schema"]!, StringComparison.Ordinal);
        Assert.True(Guid.TryParse((string?)manifest["id"], out _));
        Assert.InRange(((string)manifest["name"]!["short"]!).Length, 1, 30);
        Assert.InRange(((string)manifest["name"]!["full"]!).Length, 1, 100);
        Assert.InRange(((string)manifest["description"]!["short"]!).Length, 1, 80);
        Assert.InRange(((string)manifest["description"]!["full"]!).Length, 1, 4000);
        foreach (var url in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            Assert.StartsWith("https://", (string)manifest["developer"]![url]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Manifest_Bot_ListsOnlySpecCommandsWithinTeamsLimits()
    {
        var bot = Assert.Single(Manifest["bots"]!.AsArray())!;
        Assert.Equal("${{MICROSOFT_APP_ID}}", (string?)bot["botId"]);
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => (string?)s));
        var lists = bot["commandLists"]!.AsArray();
        Assert.InRange(lists.Count, 1, 3);
        foreach (var list in lists)
        {
            var commands = list!["commands"]!.AsArray();
            Assert.InRange(commands.Count, 1, 10);
            foreach (var command in commands)
            {
                var title = (string)command!["title"]!;
                Assert.Contains(title, SpecCommands);
                Assert.InRange(title.Length, 1, 32);
                Assert.InRange(((string)command["description"]!).Length, 1, 128);
            }
        }
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void Icon_IsAPngOfTheRequiredSize(string name, int size)
    {
        var (width, height, _) = ReadPng(Path.Combine(Folder, name));

        Assert.Equal((size, size), (width, height));
    }

    [Fact]
    public void OutlineIcon_IsWhiteOnTransparent()
    {
        var (_, _, rgba) = ReadPng(Path.Combine(Folder, "outline.png"));

        for (var i = 0; i < rgba.Length; i += 4)
        {
            Assert.True(rgba[i + 3] == 0 || (rgba[i] == 255 && rgba[i + 1] == 255 && rgba[i + 2] == 255), $"pixel {i / 4} is not white or transparent");
        }

        Assert.Contains(Enumerable.Range(0, rgba.Length / 4), p => rgba[(p * 4) + 3] == 255);
        Assert.Contains(Enumerable.Range(0, rgba.Length / 4), p => rgba[(p * 4) + 3] == 0);
    }

    /// <summary>Reads an 8-bit RGBA, non-interlaced PNG whose rows use filter 0 (as make-icons.py writes them).</summary>
    private static (int Width, int Height, byte[] Rgba) ReadPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        Assert.Equal((8, 6), (bytes[24], bytes[25]));
        using var idat = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            if (bytes.AsSpan(at + 4, 4).SequenceEqual("IDAT"u8))
            {
                idat.Write(bytes, at + 8, length);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflated.CopyTo(raw);
        var rows = raw.ToArray();
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * ((width * 4) + 1)]);
            Array.Copy(rows, (y * ((width * 4) + 1)) + 1, rgba, y * width * 4, width * 4);
        }

        return (width, height, rgba);
    }
}
