using System.Collections;
using System.Globalization;
using System.Reflection;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.DependencyInjection;

/// <summary>
/// Binds flattened settings (<c>Key:Sub:Key = value</c>, as <c>IConfiguration.AsEnumerable()</c> yields them) onto
/// options objects, rejecting what the options cannot hold instead of ignoring it: an unknown key (with the nearest valid
/// one), a value where a section belongs and the reverse, a list index that is not a number, a value that does not parse
/// (durations in the one settings syntax, times of day <c>HH:mm</c>, enumeration names). Every problem is collected with
/// its full key; nothing stops at the first.
/// </summary>
internal static class SettingsBinder
{
    /// <summary>A node of the settings tree.</summary>
    internal sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

        public string? Value { get; set; }

        /// <summary>Gets the key as written (the first spelling seen).</summary>
        public string Key { get; init; } = string.Empty;
    }

    /// <summary>Builds the tree of the settings under a section (keys relative to it).</summary>
    public static Node Tree(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var root = new Node();
        foreach (var (key, value) in settings)
        {
            if (string.IsNullOrEmpty(key))
            {
                continue;
            }

            var node = root;
            foreach (var part in key.Split(':'))
            {
                if (!node.Children.TryGetValue(part, out var child))
                {
                    child = new Node { Key = part };
                    node.Children.Add(part, child);
                }

                node = child;
            }

            if (value is not null)
            {
                node.Value = value;
            }
        }

        return root;
    }

    /// <summary>Binds the children of a node onto the properties of an object; further keys valid at this level (packages' sections) go to a callback.</summary>
    public static void BindObject(object target, Node node, string path, List<string> errors, IReadOnlyDictionary<string, Type>? extraKeys = null, Action<string, Node, string>? bindExtra = null)
    {
        if (node.Value is { Length: > 0 } value && node.Children.Count == 0)
        {
            errors.Add($"{path}: is a section of settings, not a value (it is '{value}').");
            return;
        }

        var properties = Bindable(target.GetType());
        foreach (var child in node.Children.Values)
        {
            var childPath = path + ":" + child.Key;
            if (properties.TryGetValue(child.Key, out var property))
            {
                BindProperty(target, property, child, childPath, errors);
            }
            else if (extraKeys is not null && extraKeys.ContainsKey(child.Key))
            {
                bindExtra?.Invoke(child.Key, child, childPath);
            }
            else
            {
                var valid = properties.Values.Select(p => p.Name).Concat(extraKeys?.Keys ?? []).Order(StringComparer.Ordinal).ToList();
                errors.Add($"{childPath}: unknown key{Suggest.Hint(child.Key, valid)}");
            }
        }
    }

    private static Dictionary<string, PropertyInfo> Bindable(Type type)
    {
        var result = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.GetMethod is { IsPublic: true })
            {
                result[property.Name] = property;
            }
        }

        return result;
    }

    private static void BindProperty(object target, PropertyInfo property, Node node, string path, List<string> errors)
    {
        var type = property.PropertyType;
        var canSet = property.SetMethod is { IsPublic: true };
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            errors.Add($"{path}: can only be set in code (it is a function).");
            return;
        }

        if (IsScalar(type))
        {
            if (!canSet)
            {
                errors.Add($"{path}: cannot be set.");
                return;
            }

            if (ReadScalar(type, node, path, errors, out var scalar))
            {
                property.SetValue(target, scalar);
            }

            return;
        }

        var current = property.GetValue(target);
        if (current is null)
        {
            if (!canSet || Instantiate(type) is not { } created)
            {
                errors.Add($"{path}: cannot be bound from settings.");
                return;
            }

            current = created;
            property.SetValue(target, current);
        }

        BindComposite(current, type, node, path, errors);
    }

    private static void BindComposite(object target, Type declared, Node node, string path, List<string> errors)
    {
        if (Generic(declared, typeof(IDictionary<,>)) is { } dictionary && dictionary[0] == typeof(string))
        {
            BindDictionary((IDictionary)target, dictionary[1], node, path, errors);
        }
        else if (Generic(declared, typeof(IList<>)) is { } list)
        {
            BindList((IList)target, list[0], node, path, errors);
        }
        else
        {
            BindObject(target, node, path, errors);
        }
    }

    private static void BindDictionary(IDictionary target, Type element, Node node, string path, List<string> errors)
    {
        if (!IsSection(node, path, errors))
        {
            return;
        }

        foreach (var child in node.Children.Values)
        {
            if (ReadElement(element, child, path + ":" + child.Key, errors, out var value))
            {
                target[child.Key] = value;
            }
        }
    }

    private static void BindList(IList target, Type element, Node node, string path, List<string> errors)
    {
        if (!IsSection(node, path, errors))
        {
            return;
        }

        var items = new SortedDictionary<int, Node>();
        foreach (var child in node.Children.Values)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                errors.Add($"{path}:{child.Key}: unknown key; {path} is a list, so its keys are the positions 0, 1, 2, …");
                continue;
            }

            items[index] = child;
        }

        foreach (var (index, child) in items)
        {
            if (ReadElement(element, child, $"{path}:{index.ToString(CultureInfo.InvariantCulture)}", errors, out var value))
            {
                target.Add(value);
            }
        }
    }

    private static bool ReadElement(Type element, Node node, string path, List<string> errors, out object? value)
    {
        if (IsScalar(element))
        {
            return ReadScalar(element, node, path, errors, out value);
        }

        value = Instantiate(element);
        if (value is null)
        {
            errors.Add($"{path}: cannot be bound from settings.");
            return false;
        }

        BindComposite(value, element, node, path, errors);
        return true;
    }

    private static bool IsSection(Node node, string path, List<string> errors)
    {
        if (node.Value is { Length: > 0 } value && node.Children.Count == 0)
        {
            errors.Add($"{path}: is a list or section of settings, not a value (it is '{value}').");
            return false;
        }

        return true;
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(bool)
            || t.IsEnum || t == typeof(Duration) || t == typeof(LocalTime);
    }

    private static bool ReadScalar(Type type, Node node, string path, List<string> errors, out object? value)
    {
        value = null;
        if (node.Children.Count > 0)
        {
            errors.Add($"{path}: takes a value, not a section (found {string.Join(", ", node.Children.Values.Select(c => c.Key))}).");
            return false;
        }

        var text = node.Value ?? string.Empty;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null || (type == typeof(string) && text.Length == 0))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return true; // null (an empty or null JSON value)
            }
        }

        var t = underlying ?? type;
        var trimmed = text.Trim();
        if (t == typeof(string))
        {
            value = text;
            return true;
        }

        if (t == typeof(int) && int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
        {
            value = i;
            return true;
        }

        if (t == typeof(long) && long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
            return true;
        }

        if (t == typeof(double) && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            value = d;
            return true;
        }

        if (t == typeof(bool) && bool.TryParse(trimmed, out var b))
        {
            value = b;
            return true;
        }

        if (t == typeof(Duration))
        {
            if (SettingsDuration.TryParse(trimmed, out var duration, out _))
            {
                value = duration;
                return true;
            }

            errors.Add($"{path}: '{text}' is not a duration; {SettingsDuration.Syntax}.");
            return false;
        }

        if (t == typeof(LocalTime))
        {
            foreach (var pattern in new[] { "HH':'mm", "HH':'mm':'ss" })
            {
                var parsed = LocalTimePattern.CreateWithInvariantCulture(pattern).Parse(trimmed);
                if (parsed.Success)
                {
                    value = parsed.Value;
                    return true;
                }
            }

            errors.Add($"{path}: '{text}' is not a time of day; write HH:mm, for example 08:00.");
            return false;
        }

        if (t.IsEnum)
        {
            var names = Enum.GetNames(t);
            var name = names.FirstOrDefault(n => string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase));
            if (name is not null)
            {
                value = Enum.Parse(t, name);
                return true;
            }

            errors.Add($"{path}: '{text}' is not one of {string.Join(", ", names)}{Suggest.Hint(trimmed, names).Replace("; valid keys are", "; valid values are", StringComparison.Ordinal)}");
            return false;
        }

        errors.Add($"{path}: '{text}' is not a {(t == typeof(bool) ? "boolean (true or false)" : "number")}.");
        return false;
    }

    private static object? Instantiate(Type type)
    {
        if (Generic(type, typeof(IDictionary<,>)) is { } dictionary && type.IsInterface)
        {
            return Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(dictionary), StringComparer.OrdinalIgnoreCase);
        }

        if (Generic(type, typeof(IList<>)) is { } list && type.IsInterface)
        {
            return Activator.CreateInstance(typeof(List<>).MakeGenericType(list));
        }

        return type.IsClass && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance(type) : null;
    }

    private static Type[]? Generic(Type type, Type definition)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
        {
            return type.GetGenericArguments();
        }

        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();
    }
}
