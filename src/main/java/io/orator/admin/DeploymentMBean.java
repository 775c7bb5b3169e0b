package io.orator.admin;

import io.orator.platform.ProblemException;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.InvalidAttributeValueException;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.NotCompliantMBeanException;
import javax.management.ReflectionException;
import javax.management.StandardMBean;

/**
 * An MXBean whose every attribute and operation runs as Orator's own code expects: with the
 * deployment's class loader (JMX calls arrive on remoting threads that carry another one), and
 * with Orator's problems turned into plain exceptions a JMX client can load. The one rule for
 * all of Orator's MBeans, so no operation can forget it.
 */
final class DeploymentMBean extends StandardMBean {

    private final ClassLoader deployment = DeploymentMBean.class.getClassLoader();

    <T> DeploymentMBean(T implementation, Class<T> mxbean) throws NotCompliantMBeanException {
        super(implementation, mxbean, true);
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws JMException;
    }

    private <T> T inDeployment(Call<T> call) throws JMException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(deployment);
        try {
            return call.run();
        } catch (ProblemException e) {
            throw new IllegalArgumentException(e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException, MBeanException, ReflectionException {
        try {
            return inDeployment(() -> super.getAttribute(attribute));
        } catch (AttributeNotFoundException | MBeanException | ReflectionException e) {
            throw e;
        } catch (JMException e) {
            throw new ReflectionException(e);
        }
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        try {
            return inDeployment(() -> super.getAttributes(attributes));
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void setAttribute(Attribute attribute)
            throws AttributeNotFoundException, InvalidAttributeValueException, MBeanException, ReflectionException {
        try {
            inDeployment(() -> {
                super.setAttribute(attribute);
                return null;
            });
        } catch (AttributeNotFoundException | InvalidAttributeValueException | MBeanException | ReflectionException e) {
            throw e;
        } catch (JMException e) {
            throw new ReflectionException(e);
        }
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        try {
            return inDeployment(() -> super.setAttributes(attributes));
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature) throws MBeanException, ReflectionException {
        try {
            return inDeployment(() -> super.invoke(operation, params, signature));
        } catch (MBeanException | ReflectionException e) {
            throw e;
        } catch (JMException e) {
            throw new ReflectionException(e);
        }
    }
}
