using System.Text;

namespace Meridian.Region.Storage.Sas;

/// <summary>Converts <see cref="SasPermissions"/> to and from the <c>sp</c> letters.</summary>
public static class SasPermissionsText
{
    private static readonly (char Letter, SasPermissions Permission)[] Letters =
    [
        ('r', SasPermissions.Read), ('a', SasPermissions.Add), ('c', SasPermissions.Create),
        ('w', SasPermissions.Write), ('d', SasPermissions.Delete), ('l', SasPermissions.List),
    ];

    public static string Format(SasPermissions permissions)
    {
        var text = new StringBuilder(Letters.Length);
        foreach (var (letter, permission) in Letters)
        {
            if (permissions.HasFlag(permission))
            {
                text.Append(letter);
            }
        }

        return text.ToString();
    }

    /// <summary>The permissions the letters grant; letters Meridian does not know grant nothing.</summary>
    public static SasPermissions Parse(string letters)
    {
        ArgumentNullException.ThrowIfNull(letters);
        var permissions = SasPermissions.None;
        foreach (var c in letters)
        {
            foreach (var (letter, permission) in Letters)
            {
                if (c == letter)
                {
                    permissions |= permission;
                }
            }
        }

        return permissions;
    }
}
