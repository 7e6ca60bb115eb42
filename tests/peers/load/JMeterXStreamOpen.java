// Starts Debian 12's JMeter 2.13 with its XStream allow-list opened.
//
// Debian 12 ships jmeter 2.13-5 with libxstream-java 1.4.20, whose security framework
// forbids every type not explicitly allowed; JMeter 2.13 (2015) allows none, so stock
// `jmeter -n -t plan.jmx` stops at once with
//   Error in NonGUIDriver com.thoughtworks.xstream.security.ForbiddenClassException:
//   org.apache.jmeter.save.ScriptWrapper
// (and exits 0). This launcher loads JMeter's properties (and the -Jname=value
// arguments, before any class reads them), adds XStream's AnyTypePermission to
// SaveService's XStream instances (the behaviour of the XStream versions JMeter 2.13 was
// written for), then runs the unchanged org.apache.jmeter.JMeter.start(args). Run it as
// a single-file source program (nothing is compiled to disk):
//   java -Djmeter.home=/usr/share/jmeter \
//     -cp '/usr/share/jmeter/bin/ApacheJMeter.jar:/usr/share/jmeter/lib/*:/usr/share/jmeter/lib/ext/*' \
//     JMeterXStreamOpen.java -n -t plan.jmx -l out.jtl -Jport=PORT
import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.security.AnyTypePermission;
import java.lang.reflect.Field;
import org.apache.jmeter.util.JMeterUtils;

public class JMeterXStreamOpen {
    public static void main(String[] args) throws Exception {
        String home = System.getProperty("jmeter.home", "/usr/share/jmeter");
        JMeterUtils.setJMeterHome(home);
        JMeterUtils.loadJMeterProperties(home + "/bin/jmeter.properties");
        for (String a : args) {
            int eq = a.indexOf('=');
            if (a.startsWith("-J") && eq > 2) {
                JMeterUtils.setProperty(a.substring(2, eq), a.substring(eq + 1));
            }
        }
        Class<?> saveService = Class.forName("org.apache.jmeter.save.SaveService");
        for (Field f : saveService.getDeclaredFields()) {
            if (XStream.class.isAssignableFrom(f.getType())) {
                f.setAccessible(true);
                ((XStream) f.get(null)).addPermission(AnyTypePermission.ANY);
            }
        }
        new org.apache.jmeter.JMeter().start(args);
    }
}
