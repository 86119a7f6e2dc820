package chat.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * fabric8 keeps a field it does not know in {@code additionalProperties} instead of
 * failing ({@code spec.replica: 3} parses fine). This walks every typed object and lists
 * the fields that landed there — the equivalent of {@code kubeconform -strict}.
 */
final class UnknownFields {

	private UnknownFields() {
	}

	static List<String> of(HasMetadata object) {
		List<String> unknown = new ArrayList<>();
		if (!(object instanceof GenericKubernetesResource)) {
			walk(object, object.getKind() + "/" + object.getMetadata().getName(), unknown);
		}
		return unknown;
	}

	private static void walk(Object value, String path, List<String> unknown) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				walk(item, path + "[" + index++ + "]", unknown);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> walk(item, path + "." + key, unknown));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object field = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
					extra.keySet().forEach((key) -> unknown.add(path + "." + key));
				}
			}
			else {
				walk(field, path + "." + decapitalize(getter.getName().substring(3)), unknown);
			}
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			return null;
		}
	}

	private static String decapitalize(String name) {
		return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

}
