using System.Net;
using System.Net.Sockets;

namespace ChangeBot.DirectLine;

/// <summary>The key per-address limits count on: the client's address as the forwarded-headers middleware
/// restored it (see <c>src/ChangeBot/Hosting/ForwardedHeadersSetup.cs</c>), an IPv6 client by its /64, since one
/// host commonly holds a whole /64.</summary>
internal static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (ip is null)
        {
            return "unknown";
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            return ip.MapToIPv4().ToString();
        }

        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ip.ToString();
        }

        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
